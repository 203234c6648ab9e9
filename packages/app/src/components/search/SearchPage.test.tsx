import { FlatRoutes } from '@backstage/core-app-api';
import { SearchPage } from '@backstage/plugin-search';
import { MockSearchApi, searchApiRef } from '@backstage/plugin-search-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route } from 'react-router-dom';
import { searchPage } from './SearchPage';

jest.setTimeout(30_000);

describe('search page', () => {
  it('shows the results of the query in the address ("View full results")', async () => {
    const searchApi = new MockSearchApi({
      results: [
        {
          type: 'software-catalog',
          document: {
            title: 'orders',
            text: 'Orders service of the demo shop',
            location: '/catalog/default/component/orders',
          },
        },
      ],
    });
    const query = jest.spyOn(searchApi, 'query');
    await renderInTestApp(
      <TestApiProvider apis={[[searchApiRef, searchApi]]}>
        <FlatRoutes>
          <Route path="/search" element={<SearchPage />}>
            {searchPage}
          </Route>
        </FlatRoutes>
      </TestApiProvider>,
      { routeEntries: ['/search?query=orders'] },
    );
    expect(
      await screen.findByText('Orders service of the demo shop'),
    ).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Search' })).toBeInTheDocument();
    expect(query).toHaveBeenCalledWith(
      expect.objectContaining({ term: 'orders' }),
      expect.anything(),
    );
  });
});
