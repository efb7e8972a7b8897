// Starts GraphiQL on the page served at /: the endpoint and the example query come from the
// JSON block #thads-config. `?query=…` (and `?variables=…`) open another query; with `run=1`
// the query is run as soon as the editor is ready.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("thads-config").textContent);
  var params = new URLSearchParams(window.location.search);
  var props = {
    fetcher: GraphiQL.createFetcher({ url: config.endpoint }),
    defaultQuery: config.defaultQuery,
    shouldPersistHeaders: false,
  };
  if (params.has("query")) {
    props.query = params.get("query");
  }
  if (params.has("variables")) {
    props.variables = params.get("variables");
  }
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, props));

  if (params.get("run") === "1") {
    var tries = 0;
    var timer = window.setInterval(function () {
      tries += 1;
      var editor = document.querySelector(".graphiql-query-editor .CodeMirror");
      var button = document.querySelector(".graphiql-execute-button");
      if (editor && button) {
        window.clearInterval(timer);
        button.click();
      } else if (tries > 200) {
        window.clearInterval(timer);
      }
    }, 50);
  }
})();
