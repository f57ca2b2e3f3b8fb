"""Labels of the site's own furniture: the search box, the grouped index, the chart page."""

from __future__ import annotations

from collections.abc import Mapping

from dutymatrix.i18n import N_

from .labels import Labels

SITE_LABELS = Labels({
    "search": N_("Search posts, departments, people, activities, duties…"),
    "search_label": N_("Search the site"),
    "search_none": N_("Nothing matches"),
    "search_more": N_("{n} more results: type more words"),
    "search_kind_d": N_("Department"),
    "search_kind_p": N_("Post"),
    "search_kind_h": N_("Person"),
    "search_kind_r": N_("Process"),
    "search_kind_a": N_("Activity"),
    "search_kind_u": N_("Duty"),
    "index_posts": N_("{n} posts"),
    "index_posts_1": N_("1 post"),
    "index_subtree": N_("{d} departments and {n} posts in all"),
    "index_expand": N_("Expand all"),
    "index_collapse": N_("Collapse all"),
    "index_summary": N_("{d} departments, {n} posts"),
    "index_in_chart": N_("show in the chart"),
    "vacant": N_("Vacant"),
    "chart_page": N_("Organisation chart (zoom, search)"),
    "chart_search": N_("Find a post, department or person in the chart…"),
    "chart_zoom_in": N_("Zoom in"),
    "chart_zoom_out": N_("Zoom out"),
    "chart_fit": N_("Fit"),
    "chart_actual": N_("100%"),
    "chart_expand": N_("Expand all"),
    "chart_collapse": N_("Two levels"),
    "chart_clear": N_("Clear"),
    "chart_help": N_("Drag to pan, wheel to zoom; "
        "click a post or department to light up its chain of command; "
        "click − / + under a department to collapse or expand the departments below it."),
    "chart_legend_key": N_("Key post"),
    "chart_legend_vacant": N_("Vacant post"),
    "chart_legend_path": N_("Chain of command"),
    "chart_downloads": N_("Download"),
    "chart_hidden": N_("{n} departments collapsed"),
})


def site_labels(lang: str) -> Mapping[str, str]:
    return SITE_LABELS[lang]
