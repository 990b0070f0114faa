//! The three CUSTOM_AUTH triggers (DefineAuthChallenge, CreateAuthChallenge,
//! VerifyAuthChallengeResponse) with the events Cognito sends them and what their answers mean.

use super::events::{event, user_attributes};
use super::hooks::caller;
use super::{Trigger, failure_error, invoke::Failure, run};
use crate::local::error::{ApiError, ApiResult};
use crate::local::model::User;
use crate::local::state::State;
use crate::local::store::PoolRow;
use serde_json::{Map, Value, json};

/// What DefineAuthChallenge decided after the challenges so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    Tokens,
    Fail,
    Challenge(String),
}

/// A challenge CreateAuthChallenge made.
#[derive(Debug, Clone, Default)]
pub struct Created {
    pub public: Map<String, Value>,
    pub private: Value,
    pub metadata: Option<String>,
}

pub struct Ctx<'a> {
    pub st: &'a State,
    pub pool: &'a PoolRow,
    pub client_id: &'a str,
    pub user: &'a User,
    /// No such user, and the client hides that (PreventUserExistenceErrors): the handlers hear
    /// `userNotFound: true` and no attributes, and decide as for a user.
    pub not_found: bool,
}

impl Ctx<'_> {
    fn attributes(&self) -> Value {
        if self.not_found {
            json!({})
        } else {
            user_attributes(self.user)
        }
    }

    fn call(
        &self,
        trigger: Trigger,
        source: &str,
        request: Value,
        response: Value,
    ) -> ApiResult<Value> {
        let caller = caller(self.st, self.pool, self.client_id);
        let ev = || event(&caller, "1", source, &self.user.username, request, response);
        run(
            &self.st.triggers,
            self.pool.config.lambda_config.as_ref(),
            trigger,
            ev,
        )?
        .ok_or_else(|| {
            ApiError::invalid_parameter(format!(
                "CUSTOM_AUTH needs the pool's {} trigger: set DefineAuthChallenge, \
                 CreateAuthChallenge and VerifyAuthChallengeResponse with UpdateUserPool",
                trigger.name()
            ))
        })
    }

    /// DefineAuthChallenge_Authentication over the session so far.
    pub fn define(&self, session: &[Value]) -> ApiResult<Next> {
        let r = self.call(
            Trigger::DefineAuthChallenge,
            "DefineAuthChallenge_Authentication",
            json!({"userAttributes": self.attributes(), "session": session,
                   "clientMetadata": Value::Null, "userNotFound": self.not_found}),
            json!({"challengeName": null, "issueTokens": null, "failAuthentication": null}),
        )?;
        let flag = |k: &str| r.get(k).and_then(Value::as_bool).unwrap_or(false);
        if flag("failAuthentication") {
            return Ok(Next::Fail);
        }
        if flag("issueTokens") {
            return Ok(Next::Tokens);
        }
        match r.get("challengeName").and_then(Value::as_str) {
            Some(name) => Ok(Next::Challenge(name.to_owned())),
            None => Err(failure_error(
                Trigger::DefineAuthChallenge,
                Failure::BadResponse,
            )),
        }
    }

    /// CreateAuthChallenge_Authentication for the challenge DefineAuthChallenge named.
    pub fn create(&self, name: &str, session: &[Value]) -> ApiResult<Created> {
        let r = self.call(
            Trigger::CreateAuthChallenge,
            "CreateAuthChallenge_Authentication",
            json!({"userAttributes": self.attributes(), "challengeName": name,
                   "session": session, "clientMetadata": Value::Null,
                   "userNotFound": self.not_found}),
            json!({"publicChallengeParameters": null, "privateChallengeParameters": null,
                   "challengeMetadata": null}),
        )?;
        let public = r
            .get("publicChallengeParameters")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        Ok(Created {
            public,
            private: r
                .get("privateChallengeParameters")
                .cloned()
                .unwrap_or(Value::Null),
            metadata: r
                .get("challengeMetadata")
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
    }

    /// VerifyAuthChallengeResponse_Authentication: whether the answer is right.
    pub fn verify(&self, private: &Value, answer: &str) -> ApiResult<bool> {
        let r = self.call(
            Trigger::VerifyAuthChallengeResponse,
            "VerifyAuthChallengeResponse_Authentication",
            json!({"userAttributes": self.attributes(),
                   "privateChallengeParameters": private, "challengeAnswer": answer,
                   "clientMetadata": Value::Null, "userNotFound": self.not_found}),
            json!({"answerCorrect": null}),
        )?;
        Ok(r.get("answerCorrect")
            .and_then(Value::as_bool)
            .unwrap_or(false))
    }
}

/// One entry of the session list Define and Create see.
pub fn session_entry(name: &str, result: bool, metadata: Option<&str>) -> Value {
    json!({"challengeName": name, "challengeResult": result, "challengeMetadata": metadata})
}
