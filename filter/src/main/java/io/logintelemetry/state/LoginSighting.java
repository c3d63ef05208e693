package io.logintelemetry.state;

import io.logintelemetry.intel.IpInfo;

/**
 * One successful login as the geography rules see it.
 *
 * @param time epoch ms
 * @param ip   the client address, as text
 * @param info what IP intelligence knew of it
 */
public record LoginSighting(long time, String ip, IpInfo info) {
}
