using Shepherd.Agents;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>An import registers a project directory with Gemini CLI as Gemini's own ProjectRegistry (0.61.0) would: the
/// short name from the directory's name, the next free one past names taken or owned by another path, the entry in
/// projects.json (others kept) and the .project_root markers; a registered directory keeps its name.</summary>
public sealed class GeminiProjectsSpecs : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("shepherd-gemini-").FullName;
    private Dictionary<string, string> Env => new() { ["HOME"] = _home };
    private string Gemini => Path.Combine(_home, ".gemini");

    [Theory]
    [InlineData("My Project!", "my-project")]
    [InlineData("__a..b__", "a-b")]
    [InlineData("日本", "project")]
    public void The_short_name_is_gemini_s_slug_of_the_directory_name(string name, string slug) => GeminiProjects.Slug(name).ShouldBe(slug);

    [Fact]
    public void A_new_directory_is_registered_under_the_next_free_name_and_found_again()
    {
        Directory.CreateDirectory(Path.Combine(Gemini, "tmp", "api"));
        File.WriteAllText(Path.Combine(Gemini, "tmp", "api", ".project_root"), "/elsewhere/api");
        File.WriteAllText(Path.Combine(Gemini, "projects.json"), """{"projects":{"/old/api":"api-1"}}""");

        var chats = GeminiProjects.Register(Env, "/work/api");
        chats.ShouldBe(Path.Combine(Gemini, "tmp", "api-2", "chats"));
        File.ReadAllText(Path.Combine(Gemini, "tmp", "api-2", ".project_root")).ShouldBe("/work/api");
        File.ReadAllText(Path.Combine(Gemini, "history", "api-2", ".project_root")).ShouldBe("/work/api");
        GeminiChats.ChatsDir(Env, "/work/api").ShouldBe(chats);
        GeminiChats.ChatsDir(Env, "/old/api").ShouldBe(Path.Combine(Gemini, "tmp", "api-1", "chats"));
        GeminiProjects.Register(Env, "/work/api").ShouldBe(chats); // registered: the same name again
    }

    [Fact]
    public void A_directory_whose_marker_exists_gets_that_name_back()
    {
        Directory.CreateDirectory(Path.Combine(Gemini, "history", "mine-3"));
        File.WriteAllText(Path.Combine(Gemini, "history", "mine-3", ".project_root"), "/src/mine\n");
        GeminiProjects.ShortName(Env, "/src/mine").ShouldBe("mine-3");
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
