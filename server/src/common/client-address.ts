import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key that counts a client's requests for rate limits and login lockouts: an IPv4 address as
 * it is, an IPv6 address by its /64 prefix. One subscriber is given a whole /64, so counting each
 * IPv6 address on its own would let one machine take a fresh address for every guess.
 */
export function clientAddressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  // A proxy that brackets the address or appends the port (`[2001:db8::1]:443`, `[fe80::1%eth0]`,
  // `203.0.113.7:51234`, `::ffff:203.0.113.7:51234`): the address is what counts. An unbracketed
  // IPv6 address is never read as having a port (`2001:db8::1:80` is an address).
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
  if (bracketed) return clientAddressKey(bracketed[1]);
  const withPort = /^((?:::ffff:)?\d+\.\d+\.\d+\.\d+):\d+$/i.exec(ip);
  if (withPort) return clientAddressKey(withPort[1]);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (isIPv4(ip)) return ip;
  // Not an address at all (an X-Forwarded-For a client wrote, believed by a loose TRUST_PROXY): one
  // key for all such, so made-up values cannot each count as a fresh client.
  if (!isIPv6(ip)) return 'invalid';
  return `${expandIPv6(ip.split('%')[0]).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, `::` filled in (an embedded IPv4 tail only past the /64). */
function expandIPv6(ip: string): string[] {
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, null];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === null ? [] : Array.from({ length: Math.max(0, 8 - left.length - right.length) }, () => '0');
  return [...left, ...zeros, ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}
