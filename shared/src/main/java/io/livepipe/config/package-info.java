/**
 * Configuration: the one list of app settings ({@link io.livepipe.config.Setting}) and their
 * values. Secrets among them (topic keys, connection strings, function keys) are never logged.
 */
package io.livepipe.config;
