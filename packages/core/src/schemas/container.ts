import { z } from 'zod';

// A container is a network namespace. underlay can make a named one, or adopt
// one that exists (a Docker or Podman container's) by its path or a process id;
// adopted namespaces get a name under /run/netns so every later command uses it.

/** `container create NAME`: a new named network namespace. */
export const ContainerCreateSchema = z.object({ name: z.string() }).strict();
export type ContainerCreate = z.infer<typeof ContainerCreateSchema>;

/** `container attach NAME (--pid PID | --netns PATH | --netns-name NAME)`: adopt an existing namespace. */
export const ContainerAttachSchema = z
  .object({
    name: z.string(),
    pid: z.number().int().positive().optional(),
    netnsPath: z.string().optional(),
    netnsName: z.string().optional(),
  })
  .strict();
export type ContainerAttach = z.infer<typeof ContainerAttachSchema>;

/** A container by name (as every other call refers to it). */
export const ContainerRefSchema = z.object({ container: z.string().min(1) }).strict();

/** A container as the agent stores it. */
export const ContainerSchema = z.object({
  name: z.string(),
  /** Named netns (under /run/netns) that every kernel call uses. */
  netns: z.string(),
  /** created: underlay made the namespace (and deletes it on rm); attached: adopted, never deleted. */
  origin: z.enum(['created', 'attached']),
  source: z.object({ pid: z.number().optional(), path: z.string().optional() }).default({}),
  created: z.string(),
  /** A container a CNI runtime attached (underlay-cni): its CNI_CONTAINERID and CNI_NETNS, for DEL, CHECK and GC. */
  cni: z.object({ containerId: z.string(), netnsPath: z.string() }).optional(),
});
export type Container = z.infer<typeof ContainerSchema>;
