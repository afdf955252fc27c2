import { redirect } from 'next/navigation';

/** The dashboard opens on the fleet. */
export default function Home() {
  redirect('/fleet');
}
