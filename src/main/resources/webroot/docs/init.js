// Swagger UI over the served contract (kept out of the HTML: the docs CSP allows no inline script).
window.ui = SwaggerUIBundle({ url: '/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true });
