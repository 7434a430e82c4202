-- wrk script for `npm run bench`: every request is the same JSON POST, taken from $WRK_BODY.
-- No response() callback: that would make wrk copy every body into Lua and cost core 1 CPU.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("WRK_BODY")
local auth = os.getenv("WRK_AUTH")
if auth ~= nil and auth ~= "" then wrk.headers["Authorization"] = auth end
