using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>Import enterprises and projects from .xlsx, with the templates and a result summary (rows, warnings, errors).</summary>
public sealed class ImportModel(ProjectImport projects, EnterpriseImport enterpriseImport, Activities.ActivityImport activityImport, IConfiguration config) : PageModel
{
    public ImportReport? Report { get; private set; }
    public string? Kind { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnGetTemplate(string kind)
    {
        var stream = new MemoryStream();
        (Action<Stream> write, string name) = kind switch
        {
            "enterprises" => ((Action<Stream>)EnterpriseImport.WriteTemplate, "企业导入模板.xlsx"),
            "activities" => (Activities.ActivityImport.WriteTemplate, "招商活动导入模板.xlsx"),
            _ => (ProjectSheet.WriteTemplate, "项目导入模板.xlsx"),
        };
        write(stream);
        stream.Position = 0;
        return File(stream, Xlsx.ContentType, name);
    }

    public async Task<IActionResult> OnPostAsync(string kind, IFormFile? file, CancellationToken ct)
    {
        Kind = kind is "enterprises" or "activities" ? kind : "projects";
        if (file is null || file.Length == 0)
        {
            Report = ImportReport.Failed(0, [], [new SheetError("—", null, null, "请选择要导入的 .xlsx 文件。")]);
            return Page();
        }
        var max = ImportEndpoints.MaxRows(config);
        await using var stream = file.OpenReadStream();
        Report = Kind switch
        {
            "enterprises" => await enterpriseImport.ImportAsync(stream, max, ct),
            "activities" => await activityImport.ImportAsync(stream, max, ct),
            _ => await projects.ImportAsync(stream, max, ct),
        };
        return Page();
    }
}
