/**
 * The {@code cairn backup} commands: create, list, describe, verify, restore and expire backups,
 * built for unattended use from cron (no prompts without a terminal, job locks, JSON summaries,
 * progress on stderr).
 */
package io.cairn.commands.backup;
