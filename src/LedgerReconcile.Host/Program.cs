using System.Reflection;
using LedgerReconcile.Host.Cli;
using LedgerReconcile.Host.Hosting;

// Entered from another program (WebApplicationFactory in the API tests), there is no command line, only the host's
// settings as --Key=value arguments: run the API on them, as `serve` would.
if (Assembly.GetEntryAssembly() != typeof(Program).Assembly)
{
    await using var app = LedgerComposition.Build(args);
    await app.RunAsync();
    return 0;
}

return await LedgerCommandLine.RunAsync(args);

/// <summary>The entry point, visible to the web test host.</summary>
public partial class Program;
