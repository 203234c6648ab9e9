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

const CA_SUBJECT = [
  { name: 'commonName', value: 'ack-one-simulator-ca' },
  { name: 'organizationName', value: 'ack-one-simulator' },
];

/** An RSA key pair in forge form, with its PEM private key. */
function forgeKey() {
  const pem = rsaKeyPem();
  const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { pem, key, pub: forge.pki.setRsaPublicKey(key.n, key.e) };
}

/** A certificate valid from an hour ago for ten years. */
function newCertificate(pub: forge.pki.PublicKey): forge.pki.Certificate {
  const now = Date.now();
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now - 3600_000);
  cert.validity.notAfter = new Date(now + 10 * 365 * 24 * 3600_000);
  return cert;
}

function caCertificate(ca: ReturnType<typeof forgeKey>) {
  const cert = newCertificate(ca.pub);
  cert.setSubject(CA_SUBJECT);
  cert.setIssuer(CA_SUBJECT);
  cert.setExtensions([
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
  cert.sign(ca.key, forge.md.sha256.create());
  return cert;
}

/** Loopback, the in-cluster names, and the extra hosts (IPs or DNS names). */
function serverAltNames(extraHosts: string[]): any[] {
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
  return altNames;
}

function serverCertificate(
  server: ReturnType<typeof forgeKey>,
  ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey },
  extraHosts: string[],
) {
  const cert = newCertificate(server.pub);
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(CA_SUBJECT);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    {
      name: 'keyUsage',
      digitalSignature: true,
      keyEncipherment: true,
      critical: true,
    },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: serverAltNames(extraHosts) },
    {
      name: 'authorityKeyIdentifier',
      keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes(),
    },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return cert;
}

/**
 * Generates a CA and a serving certificate valid for 127.0.0.1, ::1,
 * localhost and the given extra hosts. RSA keys come from Node's crypto
 * (fast); node-forge builds and signs the certificates.
 */
export function generatePki(extraHosts: string[] = []): WorldPki {
  const caKey = forgeKey();
  const ca = caCertificate(caKey);
  const serverKey = forgeKey();
  const cert = serverCertificate(
    serverKey,
    { cert: ca, key: caKey.key },
    extraHosts,
  );
  return {
    caCertPem: forge.pki.certificateToPem(ca),
    caKeyPem: caKey.pem,
    serverCertPem: forge.pki.certificateToPem(cert),
    serverKeyPem: serverKey.pem,
  };
}

export function randomToken(): string {
  return randomBytes(24).toString('base64url');
}
