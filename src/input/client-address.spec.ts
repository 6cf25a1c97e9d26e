import { describe, expect, it } from '@jest/globals';
import { clientAddressKey } from './client-address';

describe('the key of a client’s per-address limits', () => {
  it('takes IPv4 as it is, mapped IPv4 as IPv4, and IPv6 by its /64', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('puts what is not an address under one key', () => {
    expect([clientAddressKey(undefined), clientAddressKey(''), clientAddressKey('not an address')]).toEqual([
      'unknown',
      'unknown',
      'unknown',
    ]);
  });
});
