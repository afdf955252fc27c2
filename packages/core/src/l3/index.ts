// L3 across the fleet: route distribution between hosts (pure).
export * from './distribute';
export * from './bgp';
