using System.Text.Json;
using Shepherd.Tests.Support;
using Shouldly;
using YamlDotNet.RepresentationModel;

namespace Shepherd.Tests.Engines;

/// <summary><c>shepherd k8s</c>: the manifests it prints fit the APIs they name — the Sandbox is checked field by field
/// against agent-sandbox's own schema (its CRD, v1alpha1, in Fixtures/) — and never hold a secret's value.</summary>
public sealed class K8sManifestSpecs
{
    private static async Task<List<YamlMappingNode>> Manifests(Sandbox s, params string[] args)
    {
        var r = await s.ShepherdWith(new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "sk-very-secret-value" }, null,
            ["k8s", "fix-bug", "--agent", "codex", "--image", "localhost/shepherd:test", "--prompt", "Fix the \"bug\"\nplease", .. args]);
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldNotContain("sk-very-secret-value");
        var stream = new YamlStream();
        stream.Load(new StringReader(r.Stdout));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static string Text(YamlNode n, params string[] path)
    {
        foreach (var p in path) n = ((YamlMappingNode)n)[p];
        return ((YamlScalarNode)n).Value!;
    }

    [Fact]
    public async Task The_Sandbox_fits_agent_sandboxs_schema_runs_shepherd_run_and_takes_credentials_from_a_Secret_by_reference()
    {
        await using var s = new Sandbox();
        var docs = await Manifests(s, "--secret", "agent-keys");
        docs.Select(d => Text(d, "kind")).ShouldBe(["ConfigMap", "Sandbox"]);
        var sandbox = docs[1];
        var api = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Engines", "Fixtures", "agent-sandbox-v1alpha1.json"))).RootElement;
        Text(sandbox, "apiVersion").ShouldBe($"{api.GetProperty("group").GetString()}/{api.GetProperty("version").GetString()}");
        var problems = new List<string>();
        Check(sandbox, api.GetProperty("schema"), "", problems);
        problems.ShouldBeEmpty();

        var pod = (YamlMappingNode)((YamlMappingNode)sandbox["spec"])["podTemplate"];
        var container = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)pod["spec"])["containers"])[0];
        var command = ((YamlSequenceNode)container["command"]).Select(n => ((YamlScalarNode)n).Value).ToList();
        command.ShouldContain("run");
        command[command.IndexOf("run") + 1].ShouldBe("fix-bug");
        Text((YamlSequenceNode)container["envFrom"] is var from ? from[0] : null!, "secretRef", "name").ShouldBe("agent-keys");
        Text(docs[0], "data", "prompt").ShouldBe("Fix the \"bug\"\nplease");
        Text(pod, "spec", "restartPolicy").ShouldBe("OnFailure");
        var claim = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)sandbox["spec"])["volumeClaimTemplates"])[0];
        Text(claim, "metadata", "name").ShouldBe("state"); // the controller names the pod's volume after the template
        ((YamlSequenceNode)container["volumeMounts"]).Select(m => Text(m, "name")).ShouldContain("state");
    }

    [Fact]
    public async Task The_Job_fails_for_good_on_exit_1_and_makes_a_new_pod_on_75_with_its_state_on_a_claim()
    {
        await using var s = new Sandbox();
        var docs = await Manifests(s, "--job");
        docs.Select(d => Text(d, "kind")).ShouldBe(["ConfigMap", "PersistentVolumeClaim", "Job"]);
        var spec = (YamlMappingNode)docs[2]["spec"];
        var rules = (YamlSequenceNode)((YamlMappingNode)spec["podFailurePolicy"])["rules"];
        Text(rules[0], "action").ShouldBe("FailJob");
        ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)rules[0])["onExitCodes"])["values"]).Select(v => ((YamlScalarNode)v).Value).ShouldBe(["1"]);
        Text(spec, "template", "spec", "restartPolicy").ShouldBe("Never");
        var volumes = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)spec["template"])["spec"])["volumes"];
        Text(volumes[0], "persistentVolumeClaim", "claimName").ShouldBe(Text(docs[1], "metadata", "name"));
    }

    [Fact]
    public async Task Contradicting_or_bad_options_exit_2_with_one_line()
    {
        await using var s = new Sandbox();
        foreach (var args in new[]
                 {
                     new[] { "k8s", "t", "--agent", "codex", "--image", "i", "--prompt", "p", "--job", "--pod" },
                     ["k8s", "My_Task", "--agent", "codex", "--image", "i", "--prompt", "p"],
                     ["k8s", "t", "--agent", "codex", "--image", "i", "--prompt", "p", "--storage", "lots"],
                 })
        {
            var r = await s.Shepherd(args);
            r.ExitCode.ShouldBe(2, r.ToString());
            r.Stderr.Trim().Split('\n').Length.ShouldBe(1, r.ToString());
        }
    }

    /// <summary>Every field of <paramref name="node"/> is one the schema names, of the type it says; required ones are there.</summary>
    private static void Check(YamlNode node, JsonElement schema, string at, List<string> problems)
    {
        if (schema.TryGetProperty("x-kubernetes-preserve-unknown-fields", out _)) return;
        if (at == ".metadata") return; // the object's own ObjectMeta: the API server checks it, a CRD's schema leaves it open
        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : null;
        var intOrString = schema.TryGetProperty("x-kubernetes-int-or-string", out _);
        switch (node)
        {
            case YamlMappingNode map:
                if (type != "object") { problems.Add($"{at}: a mapping where the schema wants {type}"); return; }
                if (schema.TryGetProperty("required", out var req))
                    foreach (var r in req.EnumerateArray())
                        if (!map.Children.ContainsKey(new YamlScalarNode(r.GetString()))) problems.Add($"{at}: required field {r.GetString()} missing");
                foreach (var (k, v) in map.Children)
                {
                    var key = ((YamlScalarNode)k).Value!;
                    if (schema.TryGetProperty("properties", out var props) && props.TryGetProperty(key, out var sub)) Check(v, sub, $"{at}.{key}", problems);
                    else if (schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.Object) Check(v, extra, $"{at}.{key}", problems);
                    else problems.Add($"{at}.{key}: not a field of the API");
                }
                break;
            case YamlSequenceNode seq:
                if (type != "array") { problems.Add($"{at}: a list where the schema wants {type}"); return; }
                var i = 0;
                foreach (var item in seq) Check(item, schema.GetProperty("items"), $"{at}[{i++}]", problems);
                break;
            case YamlScalarNode scalar:
                var quoted = scalar.Style is YamlDotNet.Core.ScalarStyle.DoubleQuoted or YamlDotNet.Core.ScalarStyle.SingleQuoted;
                var ok = intOrString || type switch
                {
                    "string" => quoted,
                    "integer" => !quoted && long.TryParse(scalar.Value, out _),
                    "boolean" => !quoted && scalar.Value is "true" or "false",
                    _ => false,
                };
                if (!ok) problems.Add($"{at}: {scalar.Value} is not a {type}");
                break;
        }
    }
}
