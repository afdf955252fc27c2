import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { TRPCReactProvider } from '~/trpc/react';
import './globals.css';

// Each page names itself in the tab (`Topology · underlay`); the icon is app/icon.svg.
export const metadata: Metadata = {
  title: { default: 'underlay', template: '%s · underlay' },
  description: 'IPvlan and VLAN networks across a fleet of hosts',
};

/** Root layout: the tRPC/React Query provider around every page. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="bg-slate-50 text-slate-900 antialiased">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
