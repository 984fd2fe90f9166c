using System.Globalization;
using System.Text;

namespace Shepherd.Cli.Kubernetes;

/// <summary>A mapping whose keys keep their order (manifests read better in Kubernetes' usual order).</summary>
internal sealed class Map : List<KeyValuePair<string, object>>
{
    public void Add(string key, object value) => Add(new KeyValuePair<string, object>(key, value));
}

/// <summary>Writes maps, lists, strings, integers and booleans as block YAML. Every string is double-quoted with JSON's
/// escapes (valid YAML), so no value can turn into another type or break the document.</summary>
internal static class YamlWriter
{
    public static string Documents(IEnumerable<Map> docs) => string.Join("---\n", docs.Select(d => Write(d, 0)));

    private static string Write(Map map, int indent)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in map) Entry(sb, new string(' ', indent) + key + ":", value, indent);
        return sb.ToString();
    }

    private static void Entry(StringBuilder sb, string head, object value, int indent)
    {
        switch (value)
        {
            case Map { Count: 0 }: sb.Append(head).Append(" {}\n"); break;
            case Map m: sb.Append(head).Append('\n').Append(Write(m, indent + 2)); break;
            case IEnumerable<object> list when !list.Any(): sb.Append(head).Append(" []\n"); break;
            case IEnumerable<object> list:
                sb.Append(head).Append('\n');
                foreach (var item in list) Item(sb, item, indent + 2);
                break;
            default: sb.Append(head).Append(' ').Append(Scalar(value)).Append('\n'); break;
        }
    }

    private static void Item(StringBuilder sb, object item, int indent)
    {
        var dash = new string(' ', indent) + "- ";
        if (item is Map { Count: > 0 } m)
        {
            var body = Write(m, indent + 2);
            sb.Append(dash).Append(body[(indent + 2)..]); // the first key goes on the dash's line
        }
        else if (item is Map or IEnumerable<object>) throw new ArgumentException("nested lists are not written");
        else sb.Append(dash).Append(Scalar(item)).Append('\n');
    }

    private static string Scalar(object value) => value switch
    {
        bool b => b ? "true" : "false",
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        string s => Quote(s),
        _ => throw new ArgumentException($"cannot write {value.GetType().Name}"),
    };

    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
            sb.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\t' => "\\t", '\r' => "\\r",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return sb.Append('"').ToString();
    }
}
