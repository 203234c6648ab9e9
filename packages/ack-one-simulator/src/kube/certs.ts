import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** PEM material of a world: its CA and the serving certificate all API servers share. */
export interface WorldPki {
  caCertPem: string;
  caKeyPem: string;
  serverCertPem: string;
  serverKeyPem: string;
}

function rsaKeyPem(): string {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return privateKey;
}

function serial(): string {
  // positive serial number
  return `01${randomBytes(15).toString('hex')}`;
}

/**
 * Generates a CA and a serving certificate valid for 127.0.0.1, ::1,
 * localhost and the given extra hosts. RSA keys come from Node's crypto
 * (fast); node-forge builds and signs the certificates.
 */
export function generatePki(extraHosts: string[] = []): WorldPki {
  const caKeyPem = rsaKeyPem();
  const caKey = forge.pki.privateKeyFromPem(
    caKeyPem,
  ) as forge.pki.rsa.PrivateKey;
  const caPub = forge.pki.setRsaPublicKey(caKey.n, caKey.e);
  const now = new Date();
  const notBefore = new Date(now.getTime() - 3600_000);
  const notAfter = new Date(now.getTime() + 10 * 365 * 24 * 3600_000);

  const ca = forge.pki.createCertificate();
  ca.publicKey = caPub;
  ca.serialNumber = serial();
  ca.validity.notBefore = notBefore;
  ca.validity.notAfter = notAfter;
  const caSubject = [
    { name: 'commonName', value: 'ack-one-simulator-ca' },
    { name: 'organizationName', value: 'ack-one-simulator' },
  ];
  ca.setSubject(caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    {
      name: 'keyUsage',
      keyCertSign: true,
      cRLSign: true,
      digitalSignature: true,
      critical: true,
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKey, forge.md.sha256.create());

  const serverKeyPem = rsaKeyPem();
  const sKey = forge.pki.privateKeyFromPem(
    serverKeyPem,
  ) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(sKey.n, sKey.e);
  cert.serialNumber = serial();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(caSubject);
  const altNames: any[] = [
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
    { type: 2, value: 'localhost' },
    { type: 2, value: 'kubernetes' },
    { type: 2, value: 'kubernetes.default' },
    { type: 2, value: 'kubernetes.default.svc' },
  ];
  for (const h of extraHosts) {
    if (/^[\d.]+$/.test(h) || h.includes(':'))
      altNames.push({ type: 7, ip: h });
    else altNames.push({ type: 2, value: h });
  }
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    {
      name: 'keyUsage',
      digitalSignature: true,
      keyEncipherment: true,
      critical: true,
    },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
    {
      name: 'authorityKeyIdentifier',
      keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes(),
    },
  ]);
  cert.sign(caKey, forge.md.sha256.create());

  return {
    caCertPem: forge.pki.certificateToPem(ca),
    caKeyPem,
    serverCertPem: forge.pki.certificateToPem(cert),
    serverKeyPem,
  };
}

export function randomToken(): string {
  return randomBytes(24).toString('base64url');
}
