using Microsoft.AspNetCore.Http.HttpResults;

namespace Zhaoshang.Web.Features.Activities;

public static class ActivitiesApi
{
    public sealed record ActivityBody(ActivityKind Kind, DateOnly Date, string? Title, string? People, string? Participants,
        Guid? EnterpriseId, Guid? ProjectId, string? Outcome, OfficePart[]? Offices, long Version = 0)
    {
        public ActivityInput ToInput() => new(Kind, Date, Title, People, Participants, EnterpriseId, ProjectId, Outcome, Offices);
    }

    public static WebApplicationBuilder AddActivities(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ActivityService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapActivitiesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/activities").WithTags("Activities");
        group.MapGet("/", async (string? kind, DateOnly? from, DateOnly? to, Guid? enterpriseId, Guid? projectId, int? page, int? pageSize,
            ActivityService activities, CancellationToken ct) =>
            TypedResults.Ok(await activities.SearchAsync(ParseKind(kind), from, to, enterpriseId, projectId, page ?? 1, pageSize ?? 50, ct)));
        group.MapGet("/{id:guid}", async (Guid id, ActivityService activities, CancellationToken ct) => TypedResults.Ok(await activities.GetAsync(id, ct)));
        group.MapPost("/", async Task<Created<ActivityRow>> (ActivityBody body, ActivityService activities, CancellationToken ct) =>
        {
            var activity = await activities.CreateAsync(body.ToInput(), ct);
            return TypedResults.Created($"/api/activities/{activity.Id}", activity);
        });
        group.MapPut("/{id:guid}", async (Guid id, ActivityBody body, ActivityService activities, CancellationToken ct) =>
            TypedResults.Ok(await activities.UpdateAsync(id, body.ToInput(), body.Version, ct)));
        return app;
    }

    private static ActivityKind? ParseKind(string? text) =>
        text is null ? null
        : Enum.TryParse<ActivityKind>(text, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _) ? kind
        : throw Shared.DomainException.Invalid("kind", "“{0}”不是有效的活动类型，可选：{1}。", text,
            string.Join(", ", Enum.GetNames<ActivityKind>().Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName)));
}
