import ipaddr from 'ipaddr.js';

/**
 * The key a client's per-address limits count under (requests in flight, WebSocket sockets, read
 * connections): an IPv4 address as it is, an IPv4 address mapped into IPv6 (`::ffff:1.2.3.4`, how
 * a dual-stack socket reports one) as that IPv4 address, and an IPv6 address by its /64 network.
 * Providers hand each customer at least a /64, so keying by the full IPv6 address would let one
 * client choose among 2^64 addresses and never meet a limit.
 */
export function clientAddressKey(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined || !ipaddr.isValid(remoteAddress)) return 'unknown';
  const parsed = ipaddr.parse(remoteAddress);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  const network = v6.parts.slice(0, 4).map((part) => part.toString(16));
  return `${network.join(':')}::/64`;
}
