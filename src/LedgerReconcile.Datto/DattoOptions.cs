namespace LedgerReconcile.Datto;

public sealed class DattoOptions
{
    public const string DefaultBaseAddress = "https://api.datto.com/v1/";

    public Uri BaseAddress { get; set; } = new(DefaultBaseAddress);

    // Datto's HTTP Basic scheme: the public key is the user name and the secret key the password.
    public string PublicKey { get; set; } = "";
    public string SecretKey { get; set; } = "";

    public int PageSize { get; set; } = 100;

    // The API itself defaults both to 1; they are spelled out so a partner's view never depends on that default.
    public bool ShowHiddenDevices { get; set; } = true;
    public bool ShowChildResellerDevices { get; set; } = true;

    // Datto publishes no limit; 1-2 requests/s is the advice in the reference. 0 or less disables the limiter.
    public double RequestsPerSecond { get; set; } = 2;
    public int MaxConcurrentRequests { get; set; } = 4;

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxRetryAttempts { get; set; } = 5;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    // /saas/{id}/seats can take 38-60 s and then answer 504; retrying it many times only multiplies the wait
    // before the seatsUsed fallback.
    public TimeSpan SeatsTimeout { get; set; } = TimeSpan.FromSeconds(90);
    public int SeatsMaxRetryAttempts { get; set; } = 1;

    public double CircuitBreakerFailureRatio { get; set; } = 0.5;
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    internal IEnumerable<string> Problems()
    {
        if (!BaseAddress.IsAbsoluteUri) yield return "Datto:BaseAddress must be an absolute URI.";
        if (string.IsNullOrWhiteSpace(PublicKey)) yield return "Datto:PublicKey is required (the API key's public key).";
        if (string.IsNullOrWhiteSpace(SecretKey)) yield return "Datto:SecretKey is required (the API key's secret key).";
        if (PageSize is < 1 or > 1000) yield return "Datto:PageSize must be between 1 and 1000.";
        if (MaxConcurrentRequests < 1) yield return "Datto:MaxConcurrentRequests must be at least 1.";
        if (MaxRetryAttempts < 0 || SeatsMaxRetryAttempts < 0) yield return "Datto retry attempt counts cannot be negative.";
        if (AttemptTimeout <= TimeSpan.Zero || TotalRequestTimeout <= TimeSpan.Zero || SeatsTimeout <= TimeSpan.Zero)
            yield return "Datto timeouts must be positive.";
        if (CircuitBreakerFailureRatio is <= 0 or > 1) yield return "Datto:CircuitBreakerFailureRatio must be in (0, 1].";
        if (CircuitBreakerMinimumThroughput < 2) yield return "Datto:CircuitBreakerMinimumThroughput must be at least 2.";
        if (CircuitBreakerSamplingDuration < TimeSpan.FromMilliseconds(500) || CircuitBreakerBreakDuration < TimeSpan.FromMilliseconds(500))
            yield return "Datto circuit-breaker durations must be at least 500 ms.";
    }
}
