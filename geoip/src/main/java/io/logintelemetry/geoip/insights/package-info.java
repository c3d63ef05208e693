/**
 * The MaxMind GeoIP2 Insights web service as a {@link io.logintelemetry.geoip.SecondOpinion}: asked
 * in the background about addresses worth the credit, rate-limited, within a daily budget, and cached.
 */
package io.logintelemetry.geoip.insights;
