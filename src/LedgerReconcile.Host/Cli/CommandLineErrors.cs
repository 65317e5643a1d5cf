namespace LedgerReconcile.Host.Cli;

/// <summary>A mistake in how the command was called: one line, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The command ran and failed: one line, exit code 1.</summary>
public sealed class LedgerFailure(string message) : Exception(message);
