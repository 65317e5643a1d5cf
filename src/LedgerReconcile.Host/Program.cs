using LedgerReconcile.Host.Cli;

return await LedgerCommandLine.RunAsync(args);

/// <summary>The entry point, visible to the web test host.</summary>
public partial class Program;
