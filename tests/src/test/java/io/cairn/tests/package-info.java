/**
 * Tests that run Cairn as separate processes on loopback, the way users run it: clusters started
 * with {@code cairn node start}, nodes killed with SIGKILL and restarted, clients driving load.
 */
package io.cairn.tests;
