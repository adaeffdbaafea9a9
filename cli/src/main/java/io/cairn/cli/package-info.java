/** The cairn executable: Main, the command-line factory, the JLine shell, configuration and exit codes. */
package io.cairn.cli;
