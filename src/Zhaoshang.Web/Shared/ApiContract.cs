using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Zhaoshang.Web.Shared;

/// <summary>
/// What the API's OpenAPI document tells an integrator beyond what the endpoints declare: the bearer token (from
/// <c>POST /api/auth/token</c>) as the security scheme of every signed-in operation, the ProblemDetails each operation
/// may answer with (400 for a bad request, 401/403 for who may call it, 404 where it names a thing, 409 and 422 where it
/// writes), and the media type of each download. Every endpoint names itself (<c>WithName</c>, the operationId) and says
/// what it does (<c>WithSummary</c>); <c>OpenApiTests</c> holds the document to it.
/// </summary>
public static class ApiContract
{
    public const string Bearer = "bearer";
    private const string Problem = "ProblemDetails";

    /// <summary>A download: its 200 answer is a file of one of these media types.</summary>
    public sealed record DownloadMetadata(IReadOnlyList<string> MediaTypes);

    public static RouteHandlerBuilder Downloads(this RouteHandlerBuilder builder, params string[] mediaTypes) =>
        builder.WithMetadata(new DownloadMetadata(mediaTypes));

    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Auth"] = "登录与令牌、本人信息",
        ["Orgs"] = "组织树：省、市、县区、开发区、部门、驻外办事处、国有企业",
        ["Users"] = "用户与角色",
        ["Audit"] = "审计日志及其完整性校验",
        ["Enterprises"] = "企业名录",
        ["Projects"] = "项目台账：阶段、到位资金、导入导出",
        ["Activities"] = "招商活动与驻外办事处的项目线索",
        ["Assessment"] = "目标分解、考核、通报与考核规则",
        ["Tickets"] = "堵点问题与企业诉求的受理、交办、督办",
        ["Majors"] = "拟招重大项目库：金额标准、手动列入与“五个一”",
        ["Cockpit"] = "驾驶舱：各项指标及其明细清单，分布图的边界文件",
        ["EntryCodes"] = "一码投：投资入口二维码（签名、有效期、扫码计数）、收到的投资意向及转化统计",
        ["Public"] = "无需登录的公开接口：扫码页面内容、提交投资意向、凭编号查询进度（限流）",
        ["Inbox"] = "站内消息",
        ["Webhooks"] = "群机器人推送",
    };

    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static void Describe(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Zhaoshang API";
            document.Info.Description = "招商引资全流程管理平台的接口。以 POST /api/auth/token 取得令牌，之后每个请求带 Authorization: Bearer <令牌>。出错时返回 ProblemDetails（application/problem+json），detail 为可读的说明。";
            document.Info.License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Proprietary" };
            // Relative: the API is wherever the document was read from (a host name here would be the reverse proxy's guess).
            document.Servers = [new OpenApiServer { Url = "/", Description = "本服务" }];
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            {
                tag.Description = Tags.GetValueOrDefault(tag.Name ?? "");
            }
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "POST /api/auth/token 返回的访问令牌。",
            };
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[Problem] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "RFC 9457 problem details; detail is the message to show, errors (when present) the message of each field.",
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
                    ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["correlationId"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["errors"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object | JsonSchemaType.Null,
                        AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String },
                    },
                },
            };
            // Every operation needs the bearer token unless it says otherwise (the token endpoint itself).
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] }];
            return Task.CompletedTask;
        });
        // An enum is a string of its names (the generator writes no type for a schema that only lists them).
        options.AddSchemaTransformer((schema, _, _) =>
        {
            if (schema.Enum is { Count: > 0 } && schema.Type is null)
            {
                // A nullable use says so itself (oneOf with null): the enum is its names only.
                schema.Enum = schema.Enum.Where(e => e is not null).ToList();
                schema.Type = JsonSchemaType.String;
            }
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var endpoint = context.Description;
            var metadata = endpoint.ActionDescriptor.EndpointMetadata;
            operation.Responses ??= new OpenApiResponses();
            if (metadata.OfType<DownloadMetadata>().LastOrDefault() is { } download)
            {
                // A file, beside the JSON an endpoint may also answer with (format=json).
                var ok = operation.Responses.TryGetValue("200", out var found) && found is OpenApiResponse r ? r : new OpenApiResponse { Description = "文件" };
                ok.Content ??= new Dictionary<string, OpenApiMediaType>();
                foreach (var type in download.MediaTypes)
                {
                    ok.Content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
                }
                operation.Responses["200"] = ok;
            }
            var method = endpoint.HttpMethod ?? "GET";
            var writes = method is not ("GET" or "HEAD");
            // Every endpoint needs a signed-in caller (the fallback policy) unless it allows anyone.
            var signedIn = !metadata.OfType<IAllowAnonymous>().Any();
            var names = endpoint.RelativePath?.Contains('{') == true;
            void Answers(string status, string description, bool when)
            {
                if (when && !operation.Responses.ContainsKey(status))
                {
                    operation.Responses[status] = new OpenApiResponse
                    {
                        Description = description,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(Problem, context.Document) },
                        },
                    };
                }
            }
            Answers("400", "请求格式或参数不正确", writes || endpoint.ParameterDescriptions.Count > 0);
            Answers("401", "未登录或令牌已失效", signedIn);
            Answers("403", "无权执行该操作", signedIn);
            Answers("404", "不存在或不在您的数据范围内", names);
            Answers("409", "与已有数据冲突，或已被他人修改", writes);
            Answers("422", "不符合业务规则（detail 说明原因，errors 列出各字段）", writes);
            Answers("429", "访问过于频繁（公开接口按来源地址和二维码限流）", !signedIn && endpoint.RelativePath?.StartsWith("api/public", StringComparison.Ordinal) == true);
            if (!signedIn)
            {
                operation.Security = [new OpenApiSecurityRequirement()]; // anyone may call it
            }
            return Task.CompletedTask;
        });
    }
}
