import { DockerCreateNetworkSchema, DockerEndpointRefSchema, DomainError } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../src/docker/request';

// A misspelt field in a plugin request (issue 16): zod reports it twice, as
// an unknown key and as the real field missing. The plugin says it once, at
// the field dockerd must send, naming the key that was sent instead.

const NET = 'cf68374b963169ad57c22ac8eae056ee282daecf92d3b06575a353da1bb6be95';

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('plugin request errors', () => {
  it('says a misspelt NetworkId once, at NetworkID, naming the key sent', () => {
    const err = refusal(() =>
      parseRequest(DockerCreateNetworkSchema, {
        NetworkId: NET,
        Options: {},
        IPv4Data: [],
        IPv6Data: [],
      }),
    );
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ code: 'INVALID_INPUT', path: ['NetworkID'] });
    expect(err.issues[0]?.message).toContain('"NetworkId"');
    expect(err.issues[0]?.hint).toContain('Rename "NetworkId" to "NetworkID"');
  });

  it('keeps two messages when two fields are missing beside one unknown key (which was meant is unknown)', () => {
    const err = refusal(() => parseRequest(DockerEndpointRefSchema, { NetworkId: NET }));
    expect(err.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'EndpointID',
      'NetworkID',
      'NetworkId',
    ]);
  });
});
