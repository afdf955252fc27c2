import type { Metadata } from 'next';

// Placeholder for the network's own page (issue 19 problem 4 builds the real
// one): the create form lands here after a create.

/** The tab's title: the network's name. */
export async function generateMetadata({
  params,
}: {
  params: Promise<{ name: string }>;
}): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

export default async function NetworkPage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return (
    <h1 className="text-lg font-semibold" data-testid="network-page-title">
      {name}
    </h1>
  );
}
