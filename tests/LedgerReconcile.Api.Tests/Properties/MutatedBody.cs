using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;

namespace LedgerReconcile.Api.Tests.Properties;

/// <summary>One to three mutations of a valid body; shrinks by dropping mutations and trying their plainest variant.</summary>
public sealed record MutatedBody(IReadOnlyList<JsonMutation> Mutations)
{
    /// <summary>The body as sent: the mutations applied in order to a copy of <paramref name="valid"/>; null is no body at all.</summary>
    public string? Apply(JsonNode valid)
    {
        var body = valid.DeepClone();
        foreach (var mutation in Mutations)
        {
            body = mutation.ApplyTo(body);
        }

        return body?.ToJsonString().Replace(Escape(JsonMutation.LoneSurrogate), "\\uD800", StringComparison.Ordinal);
    }

    /// <summary>The body for a failure message: long runs of one character are counted instead of printed.</summary>
    public static string Readable(string? body) =>
        body is null ? "(no body)" : Regex.Replace(body, @"(.)\1{40,}", m => $"{m.Groups[1].Value}…×{m.Length}");

    public override string ToString() => string.Join("; ", Mutations);

    public static Arbitrary<MutatedBody> Of(JsonNode valid)
    {
        var paths = PathsOf(valid, "").ToArray();
        var mutation =
            from target in Gen.Elements(paths)
            from kind in Gen.Elements(JsonMutation.KindsFor(target.Node).ToArray())
            from variant in Gen.Choose(0, 2000)
            select new JsonMutation(target.Path, kind, variant);
        var mutations =
            from count in Gen.Frequency((6, Gen.Constant(1)), (3, Gen.Constant(2)), (2, Gen.Constant(3)))
            from list in Gen.CollectToList(Enumerable.Range(0, count), _ => mutation)
            select new MutatedBody(list.ToList());
        return Arb.From(mutations, Shrink);
    }

    private static IEnumerable<MutatedBody> Shrink(MutatedBody body)
    {
        if (body.Mutations.Count > 1)
        {
            for (var i = 0; i < body.Mutations.Count; i++)
            {
                yield return new MutatedBody([.. body.Mutations.Take(i), .. body.Mutations.Skip(i + 1)]);
            }
        }

        for (var i = 0; i < body.Mutations.Count; i++)
        {
            if (body.Mutations[i].Variant != 0)
            {
                yield return new MutatedBody([.. body.Mutations.Take(i), body.Mutations[i] with { Variant = 0 }, .. body.Mutations.Skip(i + 1)]);
            }
        }
    }

    private static IEnumerable<(string Path, JsonNode? Node)> PathsOf(JsonNode? node, string path)
    {
        yield return (path, node);
        var children = node switch
        {
            JsonObject obj => obj.Select(p => (Path: path.Length == 0 ? p.Key : $"{path}.{p.Key}", Node: p.Value)),
            JsonArray array => array.Select((item, i) => (Path: $"{path}[{i}]", Node: item)),
            _ => [],
        };
        foreach (var child in children.ToList())
        {
            foreach (var descendant in PathsOf(child.Node, child.Path))
            {
                yield return descendant;
            }
        }
    }

    private static string Escape(string text) => JsonSerializer.Serialize(text)[1..^1];
}
