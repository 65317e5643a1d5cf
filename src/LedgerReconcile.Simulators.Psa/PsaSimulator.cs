using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LedgerReconcile.Simulators.Psa;

/// <summary>
/// An in-process PSA on 127.0.0.1 with a random port: real HTTP, the documented shapes and auth, seeded data,
/// fault injection, and counters of what was applied.
/// </summary>
public abstract class PsaSimulator : IAsyncDisposable
{
    private readonly List<SimulatedRequest> _requests = [];
    private readonly List<Exception> _unhandled = [];
    private readonly Dictionary<long, int> _appliedWrites = [];
    private readonly Dictionary<long, decimal> _editOnNextWrite = [];
    private readonly Queue<DateTimeOffset> _recentRequests = new();
    private int _rateLimitedAnswers;
    private WebApplication? _app;

    protected object Gate { get; } = new();

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public FaultInjector Faults { get; } = new();

    /// <summary>
    /// The PSA's own request limit, answered with its 429 when exceeded; each simulator starts with its PSA's published
    /// limit (none for ConnectWise). Null switches it off, e.g. for a benchmark.
    /// </summary>
    public SimulatedRateLimit? RateLimit { get; set; }

    /// <summary>Requests answered 429 because <see cref="RateLimit"/> was exceeded (injected faults not counted).</summary>
    public int RateLimitedAnswers => Locked(() => _rateLimitedAnswers);

    /// <summary>Every request received so far, in order of arrival; StatusCode is 0 while one is still being handled.</summary>
    public IReadOnlyList<SimulatedRequest> Requests
    {
        get
        {
            lock (_requests)
                return _requests.ToList();
        }
    }

    /// <summary>Bugs in the simulator itself (answered as a bare 500); tests can assert there are none.</summary>
    public IReadOnlyList<Exception> UnhandledExceptions
    {
        get
        {
            lock (_requests)
                return _unhandled.ToList();
        }
    }

    /// <summary>Write requests that reached the simulator, applied or not.</summary>
    public int WriteRequestsReceived => Requests.Count(r => r.IsWrite);

    /// <summary>Writes through the API that this PSA applied to the line (each simulator says which writes count).</summary>
    public int AppliedWrites(long lineId) => Locked(() => _appliedWrites.GetValueOrDefault(lineId));

    /// <summary>When the next write of this line arrives, a person has just set it to <paramref name="quantity"/>; what the write then does is each PSA's own.</summary>
    public void EditWhenNextWriteArrives(long lineId, decimal quantity) => Locked(() => _editOnNextWrite[lineId] = quantity);

    protected void CountAppliedWrite(long lineId) => _appliedWrites[lineId] = _appliedWrites.GetValueOrDefault(lineId) + 1;

    /// <summary>The person's edit waiting for this line's next write, if any; taking it clears it.</summary>
    protected bool TakeEditOnNextWrite(long lineId, out decimal quantity) => _editOnNextWrite.Remove(lineId, out quantity);

    protected T Locked<T>(Func<T> read)
    {
        lock (Gate)
            return read();
    }

    protected void Locked(Action change)
    {
        lock (Gate)
            change();
    }

    protected static async Task<TSimulator> StartAsync<TSimulator>(TSimulator simulator, CancellationToken cancellationToken)
        where TSimulator : PsaSimulator
    {
        await simulator.StartCoreAsync(cancellationToken);
        return simulator;
    }

    /// <summary>The request body parsed as JSON; IsJson is false when it is not JSON at all.</summary>
    protected static async Task<(bool IsJson, JsonNode? Body)> ReadJsonAsync(HttpRequest request)
    {
        try
        {
            return (true, await JsonNode.ParseAsync(request.Body));
        }
        catch (JsonException)
        {
            return (false, null);
        }
    }

    protected abstract bool IsWrite(HttpRequest request);

    /// <summary>Requests that authentication and fault injection leave alone (e.g. token requests).</summary>
    protected virtual bool IsInfrastructure(HttpRequest request) => false;

    protected abstract IResult Error(int statusCode, string message);

    /// <summary>Checks credentials; returns the error to send, or null.</summary>
    protected abstract IResult? Authenticate(HttpContext context);

    protected abstract void MapEndpoints(WebApplication app);

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            var received = DateTimeOffset.UtcNow;
            var infrastructure = IsInfrastructure(context.Request);
            var write = !infrastructure && IsWrite(context.Request);
            // Logged on arrival: a hanging request must count as received while it still hangs.
            int index;
            lock (_requests)
            {
                index = _requests.Count;
                _requests.Add(new SimulatedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, received, 0, write));
            }
            try
            {
                if (!infrastructure && Authenticate(context) is { } denied)
                {
                    await denied.ExecuteAsync(context);
                    return;
                }
                if (!infrastructure && OverRateLimit(received))
                {
                    await RateLimited(context, new SimulatedFault.TooManyRequests()).ExecuteAsync(context);
                    return;
                }
                if (!infrastructure && !write && Faults.TakeRead(context.Request.Path + context.Request.QueryString) is { } fault)
                {
                    await ServeReadFaultAsync(context, fault);
                    return;
                }
                await next(context);
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or BadHttpRequestException) && !context.RequestAborted.IsCancellationRequested)
            {
                lock (_requests)
                    _unhandled.Add(ex);
                throw;
            }
            finally
            {
                lock (_requests)
                    _requests[index] = _requests[index] with { StatusCode = context.Response.StatusCode };
            }
        });
        MapEndpoints(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        _app = app;
    }

    private bool OverRateLimit(DateTimeOffset received)
    {
        lock (Gate)
        {
            if (RateLimit is not { } limit)
                return false;
            while (_recentRequests.TryPeek(out var oldest) && oldest <= received - limit.Window)
                _recentRequests.Dequeue();
            if (_recentRequests.Count >= limit.Limit)
            {
                _rateLimitedAnswers++;
                return true;
            }
            _recentRequests.Enqueue(received);
            return false;
        }
    }

    private async Task ServeReadFaultAsync(HttpContext context, SimulatedFault fault)
    {
        switch (fault)
        {
            case SimulatedFault.TooManyRequests tooMany:
                await RateLimited(context, tooMany).ExecuteAsync(context);
                break;
            case SimulatedFault.ServerError error:
                await Error(error.StatusCode, "Simulated server error").ExecuteAsync(context);
                break;
            case SimulatedFault.Hang hang:
                await Delay(hang.Delay, context.RequestAborted);
                await Error(504, "Simulated slow answer").ExecuteAsync(context);
                break;
            case SimulatedFault.DropConnection:
                context.Abort();
                break;
            case SimulatedFault.Respond respond:
                await Literal(respond).ExecuteAsync(context);
                break;
        }
    }

    /// <summary>Runs a write through the next write fault, if any. <paramref name="apply"/> changes state and returns the answer.</summary>
    protected async Task<IResult> ServeWriteAsync(HttpContext context, Func<IResult> apply)
    {
        switch (Faults.TakeWrite())
        {
            case SimulatedFault.TooManyRequests tooMany:
                return RateLimited(context, tooMany);
            case SimulatedFault.ServerError error:
                if (error.AfterApply)
                    apply();
                return Error(error.StatusCode, "Simulated server error");
            case SimulatedFault.Hang hang:
                var answer = hang.AfterApply ? apply() : Error(504, "Simulated slow answer");
                await Delay(hang.Delay, context.RequestAborted);
                return answer;
            case SimulatedFault.DropConnection drop:
                if (drop.AfterApply)
                    apply();
                context.Abort();
                return Results.Empty;
            case SimulatedFault.Respond respond:
                if (respond.AfterApply)
                    apply();
                return Literal(respond);
            default:
                return apply();
        }
    }

    private static IResult Literal(SimulatedFault.Respond respond) =>
        Results.Text(respond.Body, "application/json", System.Text.Encoding.UTF8, respond.StatusCode);

    protected virtual IResult RateLimited(HttpContext context, SimulatedFault.TooManyRequests fault)
    {
        if (fault.RetryAfterSeconds is { } seconds)
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Error(429, "Too many requests");
    }

    private static async Task Delay(TimeSpan delay, CancellationToken aborted)
    {
        try
        {
            await Task.Delay(delay, aborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>At most <paramref name="Limit"/> requests in any window of <paramref name="Window"/>.</summary>
public sealed record SimulatedRateLimit(int Limit, TimeSpan Window);
