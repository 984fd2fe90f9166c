using System.Text.Json;

namespace Shepherd.McpServer;

/// <summary>Typed access to a tool call's arguments. A wrong type, a missing required argument or an argument the
/// tool does not know is a <see cref="ToolInputException"/> naming it.</summary>
internal sealed class ToolArguments
{
    private readonly IDictionary<string, JsonElement> _values;

    public ToolArguments(IDictionary<string, JsonElement>? values, IReadOnlyCollection<string> known)
    {
        _values = values ?? new Dictionary<string, JsonElement>();
        foreach (var key in _values.Keys)
            if (!known.Contains(key))
                throw new ToolInputException($"unknown argument '{key}'; this tool takes {string.Join(", ", known)}");
    }

    public string RequiredString(string name) =>
        OptionalString(name) ?? throw new ToolInputException($"missing required argument '{name}'");

    public string? OptionalString(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        _ => throw new ToolInputException($"'{name}' must be a string"),
    };

    public IReadOnlyList<string> StringList(string name) => Get(name) switch
    {
        null => [],
        { ValueKind: JsonValueKind.String } v => [v.GetString()!], // a model often passes one value without the array
        { ValueKind: JsonValueKind.Array } v when v.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
            v.EnumerateArray().Select(e => e.GetString()!).ToList(),
        _ => throw new ToolInputException($"'{name}' must be an array of strings"),
    };

    public bool Flag(string name) => Get(name) switch
    {
        null => false,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw new ToolInputException($"'{name}' must be true or false"),
    };

    public int Integer(string name, int fallback, int min, int max)
    {
        var value = Get(name) switch
        {
            null => fallback,
            { ValueKind: JsonValueKind.Number } v when v.TryGetDouble(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
            _ => throw new ToolInputException($"'{name}' must be a whole number"),
        };
        return value >= min && value <= max ? value : throw new ToolInputException($"'{name}' must be between {min} and {max}");
    }

    public long? OptionalInteger(string name, long min) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt64(out var n) =>
            n >= min ? n : throw new ToolInputException($"'{name}' must be at least {min}"),
        _ => throw new ToolInputException($"'{name}' must be a whole number"),
    };

    /// <summary>A number above zero, or null when absent.</summary>
    public decimal? OptionalNumber(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } v when v.TryGetDecimal(out var d) => d > 0 ? d : throw new ToolInputException($"'{name}' must be above 0"),
        _ => throw new ToolInputException($"'{name}' must be a number"),
    };

    /// <summary>The value, or null when absent or JSON null (a model's way of leaving an optional argument out).</summary>
    private JsonElement? Get(string name) =>
        _values.TryGetValue(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? v : null;
}
