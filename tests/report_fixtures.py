"""The org the report tests check: findings of several severities, a SoD conflict, a waiver.

Shared by the text, json, junit and github report tests and the SARIF tests.
"""

REPORT_ORG = """\
org: {id: demo, name: 示例银行}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: investigate, name: 贷前调查}
      - {id: approve, name: 贷款审批}
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.officer
        title: 信贷员
        key: true
        duties:
          - text: 负责贷前调查
            raci: {loan.investigate: AR}
          - text: 负责贷款审批
            raci: {loan.approve: AR}
      - id: credit.clerk
        title: 内勤
        key: true
        duties:
          - 信贷档案的整理
rules:
  sod:
    - id: SOD-LOAN-1
      name: 审贷分离
      activities: [loan.investigate, loan.approve]
waivers:
  - rule: DM207
    subject: credit.clerk
    reason: 招聘中
    approved_by: credit.officer
    expires: 2999-12-31
"""
