using FluentValidation;
using FluentValidation.Results;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Credentials;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Datto;
using LedgerReconcile.Psa;
using LedgerReconcile.Psa.Autotask;
using LedgerReconcile.Psa.ConnectWise;
using LedgerReconcile.Psa.Halo;
using LedgerReconcile.Psa.Syncro;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LedgerReconcile.Integrations.Credentials;

/// <summary>The answer of a connection test, in words a person can act on.</summary>
public sealed record ConnectionTestResult(string Integration, bool Ok, string Problem, string Message, DateTimeOffset TestedAt);


/// <summary>
/// Setting and testing a tenant's integration credentials: values go encrypted into the <see cref="CredentialVault"/>,
/// and a <c>system.credentials_changed.v1</c> event in the tenant's <c>credentials-{tenant}</c> stream records that
/// they changed, with the fingerprint only.
/// </summary>
public sealed class IntegrationCredentials(CredentialVault vault, IServiceScopeFactory scopes, TimeProvider time, ILoggerFactory loggers)
{
    private const int MaxValueLength = 2000;

    private static readonly Dictionary<Integration, (string[] Required, string[] Optional)> Fields = new()
    {
        [Integration.Datto] = (["publicKey", "secretKey"], ["baseAddress"]),
        [Integration.ConnectWise] = (["baseAddress", "companyId", "publicKey", "privateKey", "clientId"], []),
        [Integration.Autotask] = (["userName", "secret", "apiIntegrationCode"], ["zoneLookupAddress"]),
        [Integration.HaloPsa] = (["baseAddress", "clientId", "clientSecret"], ["tenant", "tokenEndpoint"]),
        [Integration.Syncro] = (["subdomain", "apiToken"], ["baseAddress"]),
    };

    public static IReadOnlyList<string> RequiredFields(Integration integration) => Fields[integration].Required;

    public async Task<CredentialStamp> SetAsync(CommandContext caller, Integration integration, IReadOnlyDictionary<string, string?> values, CancellationToken ct)
    {
        var clean = Validate(integration, values);
        var stamp = await vault.StoreAsync(caller.Tenant, integration, clean, time.GetUtcNow(), ct);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
            new RecordCredentialsChange(caller, integration.ToString(), stamp.Fingerprint, stamp.ChangedAt),
            ct);
        return stamp;
    }

    public Task<CredentialStamp?> StampAsync(string tenant, Integration integration, CancellationToken ct) =>
        vault.StampAsync(tenant, integration, ct);

    /// <summary>Connects with the stored credentials and reads the least that proves they work.</summary>
    public async Task<ConnectionTestResult> TestAsync(string tenant, Integration integration, CancellationToken ct)
    {
        var values = await vault.RevealAsync(tenant, integration, ct)
            ?? throw new ResourceNotFoundException($"No {integration} credentials are set for your tenant.");
        var (ok, problem, message) = integration == Integration.Datto
            ? await TestDattoAsync(values, ct)
            : await TestPsaAsync(integration, values, ct);
        return new ConnectionTestResult(integration.ToString(), ok, problem, message, time.GetUtcNow());
    }

    /// <summary>Datto options from stored credentials, for the sync.</summary>
    public static void Apply(IReadOnlyDictionary<string, string> values, DattoOptions options)
    {
        options.PublicKey = values["publicKey"];
        options.SecretKey = values["secretKey"];
        if (values.TryGetValue("baseAddress", out var address) && !string.IsNullOrWhiteSpace(address))
        {
            options.BaseAddress = new Uri(address);
        }
    }

    private static Dictionary<string, string> Validate(Integration integration, IReadOnlyDictionary<string, string?> values)
    {
        var (required, optional) = Fields[integration];
        var failures = new List<ValidationFailure>();
        var known = required.Concat(optional).ToHashSet(StringComparer.Ordinal);
        var clean = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            var field = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            if (field is null)
            {
                failures.Add(new ValidationFailure(name, $"{integration} credentials have no field '{name}'; expected {string.Join(", ", known)}."));
            }
            else if (value is not null && !LedgerRules.IsFreeText(value, MaxValueLength))
            {
                failures.Add(new ValidationFailure(field, $"At most {MaxValueLength} characters on one line, without control characters."));
            }
            else if (!string.IsNullOrWhiteSpace(value))
            {
                clean[field] = value.Trim();
            }
        }

        foreach (var field in required.Where(f => !clean.ContainsKey(f)))
        {
            failures.Add(new ValidationFailure(field, $"'{field}' is required for {integration}."));
        }

        foreach (var field in clean.Keys.Where(f => f.EndsWith("Address", StringComparison.Ordinal) || f == "tokenEndpoint"))
        {
            if (!Uri.TryCreate(clean[field], UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                failures.Add(new ValidationFailure(field, "An absolute http(s) URL."));
            }
        }

        if (clean.TryGetValue("subdomain", out var subdomain) && !IsDnsLabel(subdomain))
        {
            failures.Add(new ValidationFailure("subdomain", "A subdomain is one DNS label: letters, digits and inner dashes, at most 63, e.g. 'acme' of acme.syncromsp.com."));
        }

        return failures.Count > 0 ? throw new ValidationException(failures) : clean;
    }

    /// <summary>The subdomain becomes part of the PSA's host name, so anything but one label would send the token elsewhere.</summary>
    private static bool IsDnsLabel(string value) =>
        value.Length is > 0 and <= 63
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
        && value[0] != '-' && value[^1] != '-';

    private async Task<(bool, string, string)> TestDattoAsync(IReadOnlyDictionary<string, string> values, CancellationToken ct)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggers);
        services.AddLogging();
        services.AddSingleton(time);
        services.AddDattoClient(o =>
        {
            Apply(values, o);
            o.MaxRetryAttempts = 1;
            o.AttemptTimeout = TimeSpan.FromSeconds(10);
            o.TotalRequestTimeout = TimeSpan.FromSeconds(25);
        });
        await using var provider = services.BuildServiceProvider();
        var result = await provider.GetRequiredService<DattoClient>().TestConnectionAsync(ct);
        return (result.Ok, result.Problem.ToString(), result.Message);
    }

    private async Task<(bool, string, string)> TestPsaAsync(Integration integration, IReadOnlyDictionary<string, string> values, CancellationToken ct)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggers);
        services.AddLogging();
        services.AddSingleton(time);
        AddPsa(services, integration, values, o =>
        {
            o.MaxRetries = 1;
            o.AttemptTimeout = TimeSpan.FromSeconds(10);
            o.TotalRequestTimeout = TimeSpan.FromSeconds(25);
        });
        await using var provider = services.BuildServiceProvider();
        try
        {
            // A company that cannot exist: a not-found answer proves the PSA accepted the credentials.
            var lines = await provider.GetRequiredService<IPsaConnector>().ListRecurringLinesAsync("0", DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), ct);
            return (true, "None", $"Connected to {integration}.");
        }
        catch (PsaException failure) when (failure.Kind == PsaFailureKind.NotFound)
        {
            return (true, "None", $"Connected to {integration}.");
        }
        catch (PsaException failure)
        {
            return (false, failure.Kind.ToString(), failure.Message);
        }
        catch (HttpRequestException failure)
        {
            return (false, "Unavailable", failure.Message);
        }
    }

    /// <summary>Registers the PSA adapter of <paramref name="integration"/> with the stored credentials.</summary>
    public static void AddPsa(IServiceCollection services, Integration integration, IReadOnlyDictionary<string, string> values, Action<Psa.Http.PsaConnectionOptions>? tune = null)
    {
        string? Optional(string name) => values.TryGetValue(name, out var v) ? v : null;
        switch (integration)
        {
            case Integration.ConnectWise:
                services.AddConnectWisePsa(o =>
                {
                    o.BaseAddress = new Uri(values["baseAddress"]);
                    o.CompanyId = values["companyId"];
                    o.PublicKey = values["publicKey"];
                    o.PrivateKey = values["privateKey"];
                    o.ClientId = values["clientId"];
                    tune?.Invoke(o);
                });
                break;
            case Integration.Autotask:
                services.AddAutotaskPsa(o =>
                {
                    o.UserName = values["userName"];
                    o.Secret = values["secret"];
                    o.ApiIntegrationCode = values["apiIntegrationCode"];
                    if (Optional("zoneLookupAddress") is { } zone)
                    {
                        o.ZoneLookupAddress = new Uri(zone);
                    }

                    tune?.Invoke(o);
                });
                break;
            case Integration.HaloPsa:
                services.AddHaloPsa(o =>
                {
                    o.BaseAddress = new Uri(values["baseAddress"]);
                    o.ClientId = values["clientId"];
                    o.ClientSecret = values["clientSecret"];
                    o.Tenant = Optional("tenant");
                    if (Optional("tokenEndpoint") is { } token)
                    {
                        o.TokenEndpoint = new Uri(token);
                    }

                    tune?.Invoke(o);
                });
                break;
            case Integration.Syncro:
                services.AddSyncroPsa(o =>
                {
                    o.Subdomain = values["subdomain"];
                    o.ApiToken = values["apiToken"];
                    if (Optional("baseAddress") is { } address)
                    {
                        o.BaseAddress = new Uri(address);
                    }

                    tune?.Invoke(o);
                });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(integration), integration, "Not a PSA.");
        }
    }
}
