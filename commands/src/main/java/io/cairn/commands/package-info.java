/** The picocli commands of cairn, one per file, grouped by noun, and their output printers. Commands see only io.cairn.api. */
package io.cairn.commands;
