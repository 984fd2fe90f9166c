using System.Text.Json;

namespace Shepherd.FakeAgent;

/// <summary><c>opencode export ID</c> and <c>opencode import FILE</c>: the fake's "database" is its state's sessions/ folder
/// (a file per session id holding the directory it belongs to), so an export carries the id and an import puts it back,
/// for the project directory import runs in, as the real one does.</summary>
internal static class OpenCodeStore
{
    public static int Run(Invocation call, string state)
    {
        var sessions = Directory.CreateDirectory(Path.Combine(state, "sessions")).FullName;
        if (call.Flavor == "opencode-export")
        {
            var marker = Path.Combine(sessions, call.SessionArg!);
            if (!File.Exists(marker)) { Console.Error.WriteLine($"Error: Session not found: {call.SessionArg}"); return 1; }
            Console.Error.WriteLine($"Exporting session: {call.SessionArg}");
            Console.WriteLine($"{{\"info\":{{\"id\":\"{call.SessionArg}\",\"directory\":{JsonSerializer.Serialize(File.ReadAllText(marker), FakeJson.Default.String)}}},\"messages\":[]}}");
            return 0;
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(call.SessionArg!));
        var id = doc.RootElement.GetProperty("info").GetProperty("id").GetString()!;
        File.WriteAllText(Path.Combine(sessions, id), Directory.GetCurrentDirectory());
        Console.WriteLine($"Imported session: {id}");
        return 0;
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class FakeJson : System.Text.Json.Serialization.JsonSerializerContext;
