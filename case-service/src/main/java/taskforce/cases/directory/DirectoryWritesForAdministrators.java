package taskforce.cases.directory;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import taskforce.platform.refusal.Forbidden;
import taskforce.platform.security.Role;

/**
 * Refuses a directory write by anyone but a system administrator before its body is read, so that a caller who
 * may not write learns nothing from validation answers (400/422) either. {@link DirectoryController} checks the
 * role again on every write; this only makes the refusal come first.
 */
@Configuration(proxyBeanMethods = false)
class DirectoryWritesForAdministrators implements WebMvcConfigurer {

    private static final String ADMIN_AUTHORITY = "ROLE_" + Role.ADMIN.name();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
                    @Override
                    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                        if (isWrite(request.getMethod()) && !isAdministrator()) {
                            throw new Forbidden(
                                    "Forbidden", "only a system administrator (ADMIN) changes the directory");
                        }
                        return true;
                    }
                })
                .addPathPatterns(
                        "/api/agencies",
                        "/api/agencies/**",
                        "/api/task-forces",
                        "/api/task-forces/**",
                        "/api/agreements",
                        "/api/agreements/**",
                        "/api/members",
                        "/api/members/**");
    }

    private static boolean isWrite(String method) {
        return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
    }

    private static boolean isAdministrator() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null
                && authentication.getAuthorities().stream().anyMatch(a -> ADMIN_AUTHORITY.equals(a.getAuthority()));
    }
}
