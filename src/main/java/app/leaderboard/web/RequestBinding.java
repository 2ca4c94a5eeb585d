package app.leaderboard.web;

import org.springframework.beans.propertyeditors.CustomNumberEditor;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * How request parameters become numbers, for every controller: Spring's parsing, except
 * that a parameter given empty ({@code ?limit=}) is a mistake to report, not the same as
 * leaving it out.
 */
@ControllerAdvice
class RequestBinding {

	@InitBinder
	void emptyNumbersAreInvalid(WebDataBinder binder) {
		binder.registerCustomEditor(Integer.class, new CustomNumberEditor(Integer.class, false));
		binder.registerCustomEditor(Long.class, new CustomNumberEditor(Long.class, false));
	}

}
