package ccgateway.chat.control;

import org.commonmark.node.Block;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.parser.SourceLine;
import org.commonmark.parser.block.AbstractBlockParser;
import org.commonmark.parser.block.AbstractBlockParserFactory;
import org.commonmark.parser.block.BlockContinue;
import org.commonmark.parser.block.BlockStart;
import org.commonmark.parser.block.MatchedBlockParser;
import org.commonmark.parser.block.ParserState;

/**
 * Fenced code exactly where {@link MessageSplitter.Fence} sees it, in place of CommonMark's own
 * rule, so that splitting and rendering agree on what is code: a piece the splitter closed is
 * closed for the renderer too. As for the splitter, {@code ~~~} opens nothing and a fence line
 * may be indented.
 */
final class FenceParser extends AbstractBlockParser {

    private final FencedCodeBlock block = new FencedCodeBlock();
    private final MessageSplitter.Fence fence;
    private StringBuilder literal; // null until the line after the opening one

    private FenceParser(MessageSplitter.Fence fence) {
        this.fence = fence;
        block.setFenceCharacter("`");
        block.setOpeningFenceLength(fence.ticks().length());
        block.setInfo(fence.language());
    }

    @Override
    public Block getBlock() {
        return block;
    }

    @Override
    public BlockContinue tryContinue(ParserState state) {
        CharSequence line = state.getLine().getContent();
        if (fence.isClosedBy(line.subSequence(state.getIndex(), line.length()).toString())) {
            return BlockContinue.finished();
        }
        return BlockContinue.atIndex(state.getIndex());
    }

    @Override
    public void addLine(SourceLine line) {
        if (literal == null) {
            literal = new StringBuilder(); // what follows the opening fence on its line is the info string
        } else {
            literal.append(line.getContent()).append('\n');
        }
    }

    @Override
    public void closeBlock() {
        block.setLiteral(literal == null ? "" : literal.toString());
    }

    static final class Factory extends AbstractBlockParserFactory {
        @Override
        public BlockStart tryStart(ParserState state, MatchedBlockParser matchedBlockParser) {
            CharSequence line = state.getLine().getContent();
            MessageSplitter.Fence fence = MessageSplitter.Fence.opening(line.subSequence(state.getIndex(), line.length()).toString());
            return fence == null ? BlockStart.none() : BlockStart.of(new FenceParser(fence)).atIndex(line.length());
        }
    }
}
