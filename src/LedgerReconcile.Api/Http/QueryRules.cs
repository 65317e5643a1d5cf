using System.Globalization;
using FluentValidation;
using FluentValidation.Results;
using LedgerReconcile.Application.Validation;

namespace LedgerReconcile.Api.Http;

/// <summary>Checks of query-string parameters, reported like every other validation failure (400 with field errors).</summary>
public sealed class QueryRules
{
    private readonly List<ValidationFailure> _failures = [];

    public QueryRules Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            _failures.Add(new ValidationFailure(field, message));
        }

        return this;
    }

    public T? Enum<T>(string? text, string field, bool required = false)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            Require(!required, field, $"'{field}' is required: one of {string.Join(", ", System.Enum.GetNames<T>())}.");
            return null;
        }

        if (EnumText.TryParseName<T>(text, out var value))
        {
            return value;
        }

        _failures.Add(new ValidationFailure(field, $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}."));
        return null;
    }

    /// <summary>
    /// A time in the query string follows the rule of a time in a body: an explicit offset, inside the ledger's window.
    /// Absent (or empty, which the framework reads as absent) means the endpoint's default.
    /// </summary>
    public void Time(string? text, string field, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        if (!LedgerRules.HasExplicitOffset(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            _failures.Add(new ValidationFailure(field, $"'{field}' is {LedgerRules.OffsetTimeGrammar}."));
        }
        else if (!LedgerRules.IsLedgerTime(time, now))
        {
            _failures.Add(new ValidationFailure(field, $"'{field}': {LedgerRules.LedgerTimeWindow}"));
        }
    }

    public int Limit(int? limit, int fallback, int max, string field = "limit")
    {
        Require(limit is null || (limit >= 1 && limit <= max), field, $"'{field}' is between 1 and {max}.");
        return limit is { } l && l >= 1 && l <= max ? l : fallback;
    }

    public void ThrowIfInvalid()
    {
        if (_failures.Count > 0)
        {
            throw new ValidationException(_failures);
        }
    }
}
