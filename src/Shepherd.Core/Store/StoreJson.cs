using System.Text.Json.Serialization;

namespace Shepherd.Store;

[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StoreJson : JsonSerializerContext;
