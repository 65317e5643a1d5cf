namespace LedgerReconcile.Host.Cli;

/// <summary>
/// <c>ledger VERB [--option value] [--flag] [positional]</c>. Deliberately small: the verbs are few and each reads its
/// own options, so a parsing library would add more than it saves.
/// </summary>
public sealed class CommandLineArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly List<string> _positional = [];
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private CommandLineArguments(string verb) => Verb = verb;

    public string Verb { get; }

    public IReadOnlyList<string> Positional => _positional;

    /// <summary>Arguments that ASP.NET Core itself understands (e.g. --urls), passed through to the web host.</summary>
    public List<string> HostArguments { get; } = [];

    public static CommandLineArguments Parse(IReadOnlyList<string> args)
    {
        var verb = args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "serve";
        var parsed = new CommandLineArguments(verb);
        for (var i = verb == "serve" && (args.Count == 0 || args[0].StartsWith("--", StringComparison.Ordinal)) ? 0 : 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                parsed._positional.Add(arg);
                continue;
            }

            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            parsed._options[name] = value;
            parsed.HostArguments.Add($"--{name}");
            if (value is not null)
            {
                parsed.HostArguments.Add(value);
            }
        }

        return parsed;
    }

    public bool Flag(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    public string? Option(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var value) ? value : null;
    }

    public string Required(string name) =>
        Option(name) is { Length: > 0 } value ? value : throw new UsageException($"--{name} is required for '{Verb}'.");

    public int IntOption(string name, int fallback) =>
        Option(name) is not { } text ? fallback
        : int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 0 ? value
        : throw new UsageException($"--{name} must be a whole number, not '{text}'.");
}

/// <summary>A mistake in how the command was called: one line, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The command ran and failed: one line, exit code 1.</summary>
public sealed class LedgerFailure(string message) : Exception(message);
