"""Labels of the site's own furniture: the search box, the grouped index, the chart page."""

from __future__ import annotations

_SITE_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "search": "搜索岗位、部门、人员、活动、职责…",
        "search_label": "全站搜索",
        "search_none": "没有匹配的结果",
        "search_more": "另有 {n} 条结果,请输入更多字词",
        "search_kind_d": "部门",
        "search_kind_p": "岗位",
        "search_kind_h": "人员",
        "search_kind_r": "流程",
        "search_kind_a": "活动",
        "search_kind_u": "职责",
        "index_posts": "{n} 个岗位",
        "index_subtree": "含下级共 {d} 个部门、{n} 个岗位",
        "index_expand": "全部展开",
        "index_collapse": "全部收起",
        "index_summary": "共 {d} 个部门、{n} 个岗位",
        "vacant": "空缺",
        "chart_page": "组织架构图(可缩放、搜索)",
        "chart_search": "在图中查找岗位、部门或人员…",
        "chart_zoom_in": "放大",
        "chart_zoom_out": "缩小",
        "chart_fit": "适合窗口",
        "chart_actual": "100%",
        "chart_expand": "全部展开",
        "chart_collapse": "收起到两级",
        "chart_clear": "清除高亮",
        "chart_help": "拖动平移,滚轮缩放;单击岗位或部门,高亮其至最高层的汇报线;"
                      "单击部门下方的 −/+ 收起或展开其下级部门。",
        "chart_legend_key": "关键岗位",
        "chart_legend_vacant": "空缺岗位",
        "chart_legend_path": "汇报线",
        "chart_downloads": "下载",
        "chart_hidden": "已收起 {n} 个部门",
    },
    "en": {
        "search": "Search posts, departments, people, activities, duties…",
        "search_label": "Search the site",
        "search_none": "Nothing matches",
        "search_more": "{n} more results: type more words",
        "search_kind_d": "Department",
        "search_kind_p": "Post",
        "search_kind_h": "Person",
        "search_kind_r": "Process",
        "search_kind_a": "Activity",
        "search_kind_u": "Duty",
        "index_posts": "{n} posts",
        "index_subtree": "{d} departments and {n} posts in all",
        "index_expand": "Expand all",
        "index_collapse": "Collapse all",
        "index_summary": "{d} departments, {n} posts",
        "vacant": "Vacant",
        "chart_page": "Organisation chart (zoom, search)",
        "chart_search": "Find a post, department or person in the chart…",
        "chart_zoom_in": "Zoom in",
        "chart_zoom_out": "Zoom out",
        "chart_fit": "Fit",
        "chart_actual": "100%",
        "chart_expand": "Expand all",
        "chart_collapse": "Two levels",
        "chart_clear": "Clear",
        "chart_help": "Drag to pan, wheel to zoom; click a post or department to light up "
                      "its chain of command; click − / + under a department to collapse or "
                      "expand the departments below it.",
        "chart_legend_key": "Key post",
        "chart_legend_vacant": "Vacant post",
        "chart_legend_path": "Chain of command",
        "chart_downloads": "Download",
        "chart_hidden": "{n} departments collapsed",
    },
}


def site_labels(lang: str) -> dict[str, str]:
    return _SITE_LABELS["en" if lang == "en" else "zh"]
