namespace LedgerReconcile.Application;

/// <summary>The caller asked for something that does not exist in its tenant.</summary>
public sealed class ResourceNotFoundException(string message) : Exception(message);
