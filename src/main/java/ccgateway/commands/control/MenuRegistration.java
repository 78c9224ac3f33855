package ccgateway.commands.control;

import ccgateway.telegram.control.CommandMenu;
import ccgateway.telegram.entity.Connected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Once the gateway is connected, Telegram learns the commands for its "/" menu. */
@ApplicationScoped
public class MenuRegistration {

    @Inject
    CommandMenu menu;

    void on(@Observes Connected connected) {
        menu.register(CommandList.menu());
    }
}
