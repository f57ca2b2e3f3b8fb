"""Template placeholders left in a document are page furniture, not duty text — in
general, not only the one the seed happens to contain."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dutymatrix.importer import ImportOptions, import_files
from dutymatrix.importer.vocab import PAGE_FURNITURE

PLACEHOLDERS = [
    "请输入公司名称", "请输入您的公司名字", "请在此处填写单位名称", "请填写部门名称",
    "单击此处输入文字", "点击此处添加标题", "[公司名称]", "[您的企业全称]",
    "Click here to enter text.", "Click or tap here to enter text.", "[Your Company Name]",
]


@pytest.mark.parametrize("placeholder", PLACEHOLDERS)
def test_a_template_placeholder_is_page_furniture(placeholder: str) -> None:
    match = PAGE_FURNITURE.search(f"负责网点日常管理。{placeholder}")
    assert match is not None and match.group(0) == placeholder


@pytest.mark.parametrize("text", [
    "负责公司名称变更的登记", "指导客户填写申请内容", "请示行领导后办理", "负责输入客户信息",
    "Enter the company name in the register",
])
def test_duty_text_that_mentions_names_or_input_is_not_furniture(text: str) -> None:
    assert PAGE_FURNITURE.search(text) is None


@pytest.mark.parametrize("placeholder", ["请输入公司名称", "单击此处输入文字", "[公司名称]"])
def test_a_placeholder_after_a_duty_is_left_out_of_it(tmp_path: Path, placeholder: str) -> None:
    path = tmp_path / "jd.txt"
    path.write_text(f"个人金融部岗位职责\n1、负责零售业务的营销;\n2、负责网点日常管理。{placeholder}\n",
                    encoding="utf-8")
    result = import_files(ImportOptions(files=(path,), department=None, suggest_raci=False))
    [dept] = yaml.safe_load(result.yaml)["departments"]
    assert dept["duties"] == ["负责零售业务的营销", "负责网点日常管理"]
    left_out = result.yaml.split("# Left out", 1)[1]
    assert placeholder in left_out
