using System.Net.Http.Headers;
using System.Text;
using LedgerReconcile.Datto.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LedgerReconcile.Datto;

public static class DattoServiceCollectionExtensions
{
    public static IHttpClientBuilder AddDattoClient(this IServiceCollection services, Action<DattoOptions>? configure = null)
    {
        var options = services.AddOptions<DattoOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DattoOptions>, DattoOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<ResponseBufferingHandler>();

        var builder = services.AddHttpClient<DattoClient>((provider, http) =>
        {
            var settings = provider.GetRequiredService<IOptions<DattoOptions>>().Value;
            var baseAddress = settings.BaseAddress.AbsoluteUri;
            http.BaseAddress = new Uri(baseAddress.EndsWith('/') ? baseAddress : baseAddress + "/");
            http.Timeout = Timeout.InfiniteTimeSpan;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.PublicKey}:{settings.SecretKey}")));
            http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("LedgerReconcile", "1.0"));
        });
        builder.AddResilienceHandler(DattoResilience.PipelineName, static (pipeline, context) =>
            DattoResilience.Configure(pipeline,
                context.ServiceProvider.GetRequiredService<IOptions<DattoOptions>>().Value,
                context.ServiceProvider.GetRequiredService<TimeProvider>(),
                context.OnPipelineDisposed));
        builder.AddHttpMessageHandler<ResponseBufferingHandler>();
        return builder;
    }

    private sealed class DattoOptionsValidation : IValidateOptions<DattoOptions>
    {
        public ValidateOptionsResult Validate(string? name, DattoOptions options)
        {
            var problems = options.Problems().ToArray();
            return problems.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
