using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace LedgerReconcile.Api.Tests.Infrastructure;

/// <summary>The real <c>ledger</c> executable (dotnet on the built dll) in its own folder, as a user runs it.</summary>
public sealed partial class LedgerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();

    private LedgerProcess(Process process, string folder, string baseUrl)
    {
        _process = process;
        Folder = folder;
        BaseUrl = baseUrl;
    }

    public string Folder { get; }

    public string BaseUrl { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "ledger.dll");

    /// <summary>Starts <c>ledger {verb} --urls http://127.0.0.1:{free port}</c> in a new folder and waits until it is ready.</summary>
    public static async Task<LedgerProcess> StartAsync(string arguments, string? folder = null, TimeSpan? readyWithin = null)
    {
        folder ??= NewFolder();
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var process = new Process { StartInfo = Start($"{arguments} --urls {baseUrl}", folder) };
        var ledger = new LedgerProcess(process, folder, baseUrl);
        process.OutputDataReceived += (_, e) => { lock (ledger._output) ledger._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (ledger._errors) ledger._errors.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (readyWithin ?? TimeSpan.FromMinutes(2));
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"ledger {arguments} exited with {process.ExitCode}: {ledger.Output} {ledger._errors}");
            }

            try
            {
                if ((await http.GetAsync($"{baseUrl}/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return ledger;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        await ledger.DisposeAsync();
        throw new TimeoutException($"ledger {arguments} was not ready within the time: {ledger.Output}");
    }

    /// <summary>Waits until the output has a line matching <paramref name="pattern"/>.</summary>
    public async Task<Match> WaitForOutputAsync(Regex pattern, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (pattern.Match(Output) is { Success: true } match)
            {
                return match;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No output matched {pattern}: {Output}");
    }

    /// <summary>Runs one verb to completion: exit code, stdout, stderr.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string arguments, string folder)
    {
        using var process = new Process { StartInfo = Start(arguments, folder) };
        process.Start();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>A new folder whose SQLite ledger holds the example snapshot (organization 4100) for tenant <c>acme</c>, imported by the CLI.</summary>
    public static async Task<string> FolderWithExampleAsync()
    {
        var folder = NewFolder();
        var snapshot = Path.Combine(folder, "snapshot.json");
        await File.WriteAllTextAsync(snapshot, System.Text.Json.JsonSerializer.Serialize(Api.Endpoints.SnapshotDocument.Example, LedgerHost.Json));
        var imported = await RunAsync($"import {snapshot} --tenant acme", folder);
        if (imported.ExitCode != 0)
        {
            throw new InvalidOperationException($"The example did not import: {imported.Errors}");
        }

        return folder;
    }

    public static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ledger-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static ProcessStartInfo Start(string arguments, string folder)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{Dll}\" {arguments}")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("ASPNETCORE_URLS");
        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
