using System.Net.Http.Json;
using System.Text.Json;

namespace LedgerReconcile.Api.Tests.Infrastructure;

public static class Expect
{
    /// <summary>Asserts the status; on a mismatch the message shows the body, which says why.</summary>
    public static async Task StatusAsync(HttpResponseMessage response, int status)
    {
        if ((int)response.StatusCode != status)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {status}: {body}");
        }
    }

    public static async Task<T> JsonAsync<T>(HttpResponseMessage response, int status = 200)
    {
        await StatusAsync(response, status);
        return (await response.Content.ReadFromJsonAsync<T>(LedgerHost.Json))!;
    }

    /// <summary>Asserts a 400 validation problem that names <paramref name="field"/> among its errors.</summary>
    public static async Task<JsonElement> ValidationAsync(HttpResponseMessage response, string field)
    {
        var problem = await ProblemAsync(response, 400);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"A validation problem lists its field errors: {problem}");
        Assert.Contains(field, errors.EnumerateObject().Select(e => e.Name));
        return problem;
    }

    /// <summary>Asserts an RFC 9457 problem with this status and returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status)
    {
        await StatusAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("correlationId", out _), "A problem carries the request's correlation id.");
        return problem;
    }
}
