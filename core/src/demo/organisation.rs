//! Seeding the organisation: its settings, the department tree, and users with their roles and managers.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::ROOT_DEPARTMENT_REF;
use super::layout::{Org, Team};
use super::names::{EAST_REGIONS, NORTH_REGIONS, SOUTH_REGIONS};
use super::seeder::{Seeder, id_of};
use crate::api::ApiResult;

impl Seeder<'_> {
    pub(super) fn organisation(&mut self) -> ApiResult<Org> {
        self.call(
            "org.configure",
            json!({"name": "锐拓科技集团 (Rapport Demo)", "base_currency": "CNY", "utc_offset_minutes": 480, "country_code": "86"}),
        )?;
        let hq = self.department("总部 HQ", None, ROOT_DEPARTMENT_REF)?;
        let now = hq["created_at"].as_str().and_then(|t| t.parse::<DateTime<Utc>>().ok()).unwrap_or_default();
        let hq = id_of(&hq);
        let sales = id_of(&self.department("销售部 Sales", Some(&hq), "demo-dept-sales")?);
        let service = id_of(&self.department("客服部 Service", Some(&hq), "demo-dept-service")?);
        let marketing = id_of(&self.department("市场部 Marketing", Some(&hq), "demo-dept-marketing")?);

        self.user(&hq, &["admin"], None)?;
        self.user(&hq, &["viewer"], None)?;
        let director = self.user(&sales, &["sales_manager"], None)?;
        let mut teams = Vec::new();
        for (name, slug, regions) in [
            ("华东销售团队", "east", EAST_REGIONS),
            ("华南销售团队", "south", SOUTH_REGIONS),
            ("华北销售团队", "north", NORTH_REGIONS),
        ] {
            let dept = id_of(&self.department(name, Some(&sales), &format!("demo-dept-{slug}"))?);
            let manager = self.user(&dept, &["sales_manager"], Some(&director))?;
            let mut team_reps = Vec::new();
            for _ in 0..4 {
                team_reps.push(self.user(&dept, &["sales_rep"], Some(&manager))?);
            }
            teams.push(Team { department_id: dept, manager_id: manager, reps: team_reps, regions });
        }
        let service_manager = self.user(&service, &["service_manager"], None)?;
        for _ in 0..2 {
            self.user(&service, &["service_agent"], Some(&service_manager))?;
        }
        self.user(&marketing, &["marketer"], None)?;
        Ok(Org { now, teams })
    }

    fn department(&mut self, name: &str, parent: Option<&str>, external_ref: &str) -> ApiResult<Value> {
        self.summary.departments += 1;
        self.call("departments.create", json!({"name": name, "parent_id": parent, "external_ref": external_ref}))
    }

    fn user(&mut self, department_id: &str, roles: &[&str], manager_id: Option<&str>) -> ApiResult<String> {
        self.summary.users += 1;
        let n = self.summary.users;
        let (name, pinyin) = self.chinese_person();
        let phone = self.mobile();
        let user = self.call(
            "users.create",
            json!({
                "name": name,
                "email": format!("{pinyin}{n}@rapport-demo.example"),
                "phone": phone,
                "department_id": department_id,
                "manager_id": manager_id,
                "roles": roles,
                "external_ref": format!("demo-user-{n:02}"),
            }),
        )?;
        Ok(id_of(&user))
    }
}
