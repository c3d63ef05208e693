package io.logintelemetry.it.capture;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * POST /app/settings/payout (holder, account_no): the logged-in user sets payout details, as a form
 * of an app that knows nothing of Login Telemetry. Echoes what it read; 400 without a holder name.
 */
public class PayoutFormServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setCharacterEncoding("UTF-8");
        String holder = request.getParameter("holder");
        String accountNo = request.getParameter("account_no");
        response.setContentType("text/plain;charset=UTF-8");
        if (holder == null || holder.isBlank()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.getWriter().write("holder required\n");
            return;
        }
        response.getWriter().write("holder=" + holder + "\naccount_no=" + accountNo + "\n");
    }
}
