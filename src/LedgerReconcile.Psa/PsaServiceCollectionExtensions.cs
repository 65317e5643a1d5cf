using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using LedgerReconcile.Psa.Autotask;
using LedgerReconcile.Psa.ConnectWise;
using LedgerReconcile.Psa.Halo;
using LedgerReconcile.Psa.Syncro;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace LedgerReconcile.Psa;

/// <summary>
/// Registers a PSA adapter as a keyed <see cref="IPsaConnector"/> (key: <see cref="PsaKind"/>) and, if none is
/// registered yet, as the unkeyed <see cref="IPsaConnector"/> (and likewise as <see cref="Directory.IPsaDirectory"/>).
/// Request limits are drawn from one <see cref="PsaHostLimiters"/> per process (<see cref="PsaHostLimiters.Shared"/>
/// unless one was registered before), so every tenant's connector to one PSA host shares that host's budget.
/// </summary>
public static class PsaServiceCollectionExtensions
{
    public static IServiceCollection AddConnectWisePsa(this IServiceCollection services, Action<ConnectWiseOptions> configure)
    {
        services.AddOptions<ConnectWiseOptions>().Configure(configure)
            .Validate(o => o.BaseAddress is not null && o.CompanyId != "" && o.PublicKey != "" && o.PrivateKey != "" && o.ClientId != "",
                "ConnectWise needs BaseAddress, CompanyId, PublicKey, PrivateKey and ClientId.")
            .ValidateOnStart();
        services.AddHttpClient(ConnectWiseConnector.HttpClientName, (sp, client) =>
            {
                var o = sp.GetRequiredService<IOptions<ConnectWiseOptions>>().Value;
                client.BaseAddress = WithTrailingSlash(o.BaseAddress!);
                var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.CompanyId}+{o.PublicKey}:{o.PrivateKey}"));
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
                client.DefaultRequestHeaders.Add("clientId", o.ClientId);
                AcceptJsonWithPipelineTimeouts(client);
            })
            .AddPsaResilience<ConnectWiseOptions>("connectwise");
        return AddConnector<ConnectWiseConnector>(services, PsaKind.ConnectWise);
    }

    public static IServiceCollection AddAutotaskPsa(this IServiceCollection services, Action<AutotaskOptions> configure)
    {
        services.AddOptions<AutotaskOptions>().Configure(configure)
            .Validate(o => o.UserName != "" && o.Secret != "" && o.ApiIntegrationCode != "" && o.MaxConcurrentRequestsPerEndpoint > 0 && o.HourlyRequestBudget > 0,
                "Autotask needs UserName, Secret, ApiIntegrationCode and a positive MaxConcurrentRequestsPerEndpoint and HourlyRequestBudget.")
            .ValidateOnStart();
        services.TryAddSingleton(PsaHostLimiters.Shared);
        services.AddHttpClient(AutotaskConnector.HttpClientName, AcceptJsonWithPipelineTimeouts)
            .AddPsaResilience<AutotaskOptions>("autotask", sp => PsaRequestLimits.Autotask(
                sp.GetRequiredService<PsaHostLimiters>(), sp.GetRequiredService<IOptions<AutotaskOptions>>().Value));
        return AddConnector<AutotaskConnector>(services, PsaKind.Autotask);
    }

    public static IServiceCollection AddHaloPsa(this IServiceCollection services, Action<HaloOptions> configure)
    {
        services.AddOptions<HaloOptions>().Configure(configure)
            .Validate(o => o.BaseAddress is not null && o.ClientId != "" && o.ClientSecret != "" && o.RequestLimit > 0 && o.RequestLimitWindow > TimeSpan.Zero,
                "HaloPSA needs BaseAddress, ClientId, ClientSecret, and a positive RequestLimit and RequestLimitWindow.")
            .ValidateOnStart();
        services.TryAddSingleton(PsaHostLimiters.Shared);
        services.TryAddSingleton<HaloTokenSource>();
        services.AddHttpClient(HaloTokenSource.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddPsaResilience<HaloOptions>("halo-auth");
        var halo = services.AddHttpClient(HaloConnector.HttpClientName, (sp, client) =>
            {
                client.BaseAddress = WithTrailingSlash(sp.GetRequiredService<IOptions<HaloOptions>>().Value.BaseAddress!);
                AcceptJsonWithPipelineTimeouts(client);
            });
        halo.AddPsaResilience<HaloOptions>("halo", sp => PsaRequestLimits.Halo(
            sp.GetRequiredService<PsaHostLimiters>(), sp.GetRequiredService<IOptions<HaloOptions>>().Value));
        // Added after the resilience handler, so it runs inside it: every attempt carries a current token.
        halo.AddHttpMessageHandler(sp => new HaloBearerHandler(sp.GetRequiredService<HaloTokenSource>()));
        return AddConnector<HaloConnector>(services, PsaKind.HaloPsa);
    }

    public static IServiceCollection AddSyncroPsa(this IServiceCollection services, Action<SyncroOptions> configure)
    {
        services.AddOptions<SyncroOptions>().Configure(configure)
            .Validate(o => o.HasValidAddress() && o.ApiToken != "" && o.RequestLimit > 0 && o.RequestLimitWindow > TimeSpan.Zero,
                "Syncro needs a Subdomain (one DNS label) or a BaseAddress, an ApiToken, and a positive RequestLimit and RequestLimitWindow.")
            .ValidateOnStart();
        services.TryAddSingleton(PsaHostLimiters.Shared);
        services.AddHttpClient(SyncroConnector.HttpClientName, (sp, client) =>
            {
                var o = sp.GetRequiredService<IOptions<SyncroOptions>>().Value;
                client.BaseAddress = o.ApiBase();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", o.ApiToken);
                AcceptJsonWithPipelineTimeouts(client);
            })
            .AddPsaResilience<SyncroOptions>("syncro", sp => PsaRequestLimits.Syncro(
                sp.GetRequiredService<PsaHostLimiters>(), sp.GetRequiredService<IOptions<SyncroOptions>>().Value));
        return AddConnector<SyncroConnector>(services, PsaKind.Syncro);
    }

    private static IServiceCollection AddConnector<TConnector>(IServiceCollection services, PsaKind kind)
        where TConnector : class, IPsaConnector
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.TryAddSingleton<TConnector>();
        services.AddKeyedSingleton<IPsaConnector>(kind, (sp, _) => sp.GetRequiredService<TConnector>());
        services.TryAddSingleton<IPsaConnector>(sp => sp.GetRequiredService<TConnector>());
        services.AddKeyedSingleton<Directory.IPsaDirectory>(kind, (sp, _) => sp.GetRequiredService<TConnector>());
        services.TryAddSingleton<Directory.IPsaDirectory>(sp => sp.GetRequiredService<TConnector>());
        return services;
    }

    private static IHttpResiliencePipelineBuilder AddPsaResilience<TOptions>(this IHttpClientBuilder client, string name,
        Func<IServiceProvider, PartitionedRateLimiter<HttpRequestMessage>>? limiter = null)
        where TOptions : PsaConnectionOptions =>
        client.AddResilienceHandler(name, (builder, context) => PsaResilience.Configure(
            builder,
            context.ServiceProvider.GetRequiredService<IOptions<TOptions>>().Value,
            limiter?.Invoke(context.ServiceProvider)));

    // The resilience pipeline owns timeouts, so the client's own timeout is off.
    private static void AcceptJsonWithPipelineTimeouts(HttpClient client)
    {
        client.Timeout = Timeout.InfiniteTimeSpan;
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    private static Uri WithTrailingSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
